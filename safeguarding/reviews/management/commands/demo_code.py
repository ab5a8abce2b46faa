from django.core.management.base import BaseCommand, CommandError

from safeguarding.accounts.models import User
from safeguarding.reviews import demo


class Command(BaseCommand):
    help = "Print the current two-factor code of a demo user (development only)."

    def add_arguments(self, parser):
        parser.add_argument("username", help="A demo user, e.g. national or admin")

    def handle(self, *args, username, **options):
        try:
            demo.require_debug()
        except demo.DemoDataError as exc:
            raise CommandError(str(exc)) from exc
        user = User.objects.filter(username=username, is_demo=True).first()
        if user is None:
            raise CommandError(f"{username} is not a demo user")
        try:
            code = demo.current_demo_code(user)
        except demo.DemoDataError as exc:
            raise CommandError(
                f"{username} signs in without a second factor (no demo authenticator)"
            ) from exc
        self.stdout.write(code)
