"""Migrating a team's tracker file in one go: the import command's steps.

The same steps as the web pages, without the pages: find the table, recognise headings and
values, apply a choices document, check, and only with ``commit`` create every review (and
the partnership aliases the document names) in one transaction.
"""

from dataclasses import dataclass, field

from django.db import transaction

from . import choices, columns, importing, services
from .models import ImportBatch
from .reading import SpreadsheetError


@dataclass
class Outcome:
    rows: int = 0
    valid: int = 0
    errors: list = field(default_factory=list)
    unmatched: dict = field(default_factory=dict)
    created: int = 0
    notes: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors

    def as_json(self):
        return {
            "rows": self.rows,
            "valid": self.valid,
            "errors": [
                {k: error.get(k, "") for k in ("line", "column", "value", "message")}
                for error in self.errors
            ],
            "unmatched": {field: list(found) for field, found in self.unmatched.items()},
            "created": self.created,
        }


def run(user, content, file_name, *, sheet=None, document=None, commit=False):
    """Check a file (and import it with ``commit``). Returns an Outcome; never raises for
    a bad file or choices document."""
    try:
        services._require_editor(user)
        wanted = choices.parse_document(document) if document else choices.document()
        values = choices.check_values(user, wanted["values"])
        found = services._read(
            content, file_name, sheet or wanted["sheet"] or None, wanted["heading_row"]
        )
    except (SpreadsheetError, choices.ChoicesError, services.NotAllowed) as error:
        messages = getattr(error, "errors", None) or [str(error)]
        return Outcome(
            errors=[
                {"line": None, "column": "", "value": "", "message": message}
                for message in messages
            ]
        )
    mapping = columns.suggest_mapping(found.header, wanted["columns"])
    outcome = Outcome(rows=len(found.rows))
    outcome.notes.append(
        f"Read {('sheet ' + repr(found.sheet_name) + ', ') if found.sheet_name else ''}"
        f"headings on row {found.header_line}, {len(found.rows)} rows"
    )
    outcome.notes += [message for _, message in found.skipped]
    problems = importing.mapping_errors(mapping, found.header)
    if problems:
        outcome.errors = [
            {"line": None, "column": key, "value": "", "message": message}
            for key, message in problems.items()
        ]
        return outcome
    rows = importing.rows_from_sheet(found, mapping)
    validation = importing.Importer(user, choices=values).validate(
        rows, mapping, problems=found.problems
    )
    outcome.errors = validation.errors
    outcome.unmatched = validation.unmatched
    outcome.valid = len(validation.rows)
    if not commit or not validation.ok:
        return outcome
    with transaction.atomic():
        for alias, target in values.get("partnership", {}).items():
            services.add_alias(user, target, alias)
        batch = ImportBatch.objects.create(
            created_by=user,
            file_name=file_name[:255],
            file_format=found.format,
            content=content,
            size=len(content),
            header=found.header,
            header_line=found.header_line,
            sheet_name=found.sheet_name,
            mapping=mapping,
            value_choices=values,
            row_count=len(found.rows),
        )
        created = services.commit_rows(user, batch, validation, source=f"import:{batch.pk}")
    outcome.created = len(created)
    return outcome
