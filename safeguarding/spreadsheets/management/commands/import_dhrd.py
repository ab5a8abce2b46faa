from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from safeguarding.spreadsheets.dhrd import DhrdError, import_dhrd


class Command(BaseCommand):
    help = (
        "Import the Domestic Homicide Review Dataset (incidents.csv and victims.csv in "
        "DIRECTORY) as published DHRs, through the spreadsheet import checks. All or "
        "nothing; re-running creates only DHRs not yet imported. Run load_organisations first."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="Folder holding incidents.csv and victims.csv")
        parser.add_argument(
            "--as",
            dest="username",
            help="Import as this user (default: a national system user 'dhrd-import')",
        )

    def handle(self, *args, directory, username=None, **options):
        user = None
        if username:
            user = get_user_model().objects.filter(username=username).first()
            if user is None:
                raise CommandError(f"No user named {username!r}")
        try:
            result = import_dhrd(directory, user=user)
        except DhrdError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {result.created} DHR reviews; {result.skipped} were already imported; "
                f"{result.partnerships_created} community safety partnerships added."
            )
        )
        self.stdout.write("DHRD reviews by region (as in the dataset):")
        for area, count in result.by_area.items():
            self.stdout.write(f"  {area or '(none)'}: {count}")
        self.stdout.write(f"  Total: {sum(result.by_area.values())}")
        self.stdout.write("By NHS England region:")
        for region, count in result.by_nhs_region.items():
            self.stdout.write(f"  {region}: {count}")
