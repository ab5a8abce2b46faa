"""Import a tracker spreadsheet from the command line, as the web steps do.

A dry run unless --commit. With --json the last line printed is one JSON object:
{"rows", "valid", "errors": [{line, column, value, message}], "unmatched", "created"}.
Exit status 0 when no errors remain, 1 otherwise.
"""

import json
import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from safeguarding.spreadsheets import migration


class Command(BaseCommand):
    help = (
        "Check (and with --commit, import) a tracker spreadsheet as USERNAME: the heading "
        "row and sheet are found, headings and values recognised, and a choices file "
        "(--map, as the mapping page downloads) settles the rest. All rows or none."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="A CSV file or an Excel workbook (.xlsx)")
        parser.add_argument("--user", required=True, help="Import as this user")
        parser.add_argument("--sheet", help="The sheet to read (default: the first tracker)")
        parser.add_argument("--map", dest="choices", help="A choices file (JSON)")
        parser.add_argument("--commit", action="store_true", help="Import, not just check")
        parser.add_argument("--json", action="store_true", help="Print the result as JSON")

    def handle(self, *args, path, user, sheet=None, choices=None, commit=False, **options):
        as_json = options["json"]
        person = get_user_model().objects.filter(username=user).first()
        if person is None:
            raise CommandError(f"No user named {user!r}")
        try:
            content = Path(path).read_bytes()
            document = Path(choices).read_bytes() if choices else None
        except OSError as error:
            raise CommandError(f"Cannot read {error.filename}: {error.strerror}") from None
        outcome = migration.run(
            person, content, Path(path).name, sheet=sheet, document=document, commit=commit
        )
        if as_json:
            self.stdout.write(json.dumps(outcome.as_json(), ensure_ascii=False))
        else:
            self._report(outcome, commit)
        if not outcome.ok:
            sys.exit(1)

    def _report(self, outcome, commit):
        write = self.stdout.write
        for message in outcome.notes:
            write(message)
        for error in outcome.errors:
            where = f"line {error['line']}" if error.get("line") else "file"
            column = f", {error['column']}" if error.get("column") else ""
            value = f" ({error['value']!r})" if error.get("value") else ""
            write(f"{where}{column}{value}: {error['message']}")
        for field, found in outcome.unmatched.items():
            write(f"Not recognised in {field}: " + ", ".join(repr(v) for v in found))
        if outcome.ok and commit:
            write(self.style.SUCCESS(f"Imported {outcome.created} reviews"))
        elif outcome.ok:
            write(self.style.SUCCESS(f"{outcome.valid} reviews ready; run with --commit"))
        else:
            write(self.style.ERROR(f"{len(outcome.errors)} problems; nothing was imported"))
