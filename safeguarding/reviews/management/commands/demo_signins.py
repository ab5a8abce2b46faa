from django.core.management.base import BaseCommand, CommandError

from safeguarding.accounts.models import User
from safeguarding.reviews import demo


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
                    f"two-factor: run `python manage.py demo_code {username}` for the current "
                    f"code (key {demo.demo_totp_secret(username)})"
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
                        + " (run `python manage.py demo_data --password ...` to reset it)"
                    )
                )
