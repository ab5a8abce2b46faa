import os
import shlex
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from safeguarding.accounts.models import User
from safeguarding.reviews import demo


def manage_command(*args):
    """The command a person types to run `manage.py ARGS` against this same database.

    The interpreter is named as it runs here (`.venv/bin/python` under `make run`), and a
    DATABASE_URL in the environment is repeated, since without it the command would read the
    SQLite default instead.
    """
    python = Path(sys.executable)
    try:
        python = python.relative_to(Path.cwd())
    except ValueError:
        pass
    manage = Path(settings.BASE_DIR) / "manage.py"
    try:
        manage = manage.relative_to(Path.cwd())
    except ValueError:
        pass
    words = [str(python), str(manage), *args]
    prefix = ""
    if os.environ.get("DATABASE_URL"):
        prefix = "DATABASE_URL=" + shlex.quote(os.environ["DATABASE_URL"]) + " "
    return prefix + shlex.join(words)


class Command(BaseCommand):
    help = "List the demo sign-ins and how to get a two-factor code (development only)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password", default="", help="The demo password, to check it still matches"
        )

    def handle(self, *args, password, **options):
        try:
            demo.require_debug()
        except demo.DemoDataError as exc:
            raise CommandError(str(exc)) from exc
        users = {
            u.username: u
            for u in User.objects.filter(
                username__in=demo.DEMO_USERNAMES, is_demo=True
            ).select_related("organisation", "region")
        }
        if not users:
            self.stdout.write("No demo users yet: run `python manage.py demo_data --password ...`")
            return
        rows = [("Username", "Name", "Role", "Scope", "Organisation or region")]
        notes = {}
        for username in demo.DEMO_USERNAMES:
            user = users.get(username)
            if user is None:
                continue
            if user.scope_level == User.ScopeLevel.REGION:
                where = str(user.region or "")
            elif user.scope_level == User.ScopeLevel.NATIONAL:
                where = "England (all records)"
            else:
                where = str(user.organisation or "")
            rows.append(
                (
                    username,
                    user.get_full_name(),
                    user.get_role_display(),
                    user.get_scope_level_display(),
                    where,
                )
            )
            if demo.demo_device(user) is not None:
                notes[username] = (
                    f"two-factor: run `{manage_command('demo_code', username)}` for the "
                    f"current code (key {demo.demo_totp_secret(username)})"
                )
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        for row in rows:
            self.stdout.write(
                "  " + "  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip()
            )
            if row[0] in notes:
                self.stdout.write(" " * (widths[0] + 4) + notes[row[0]])
        if password:
            stale = [u for u in users.values() if not u.check_password(password)]
            if stale:
                self.stdout.write(
                    self.style.WARNING(
                        "The password given does not match for: "
                        + ", ".join(u.username for u in stale)
                        + f" (run `{manage_command('demo_data', '--password', '...')}` to reset it)"
                    )
                )
