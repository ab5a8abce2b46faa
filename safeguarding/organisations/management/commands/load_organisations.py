from django.core.management.base import BaseCommand, CommandError

from safeguarding.organisations.models import Organisation
from safeguarding.organisations.reference import ReferenceDataError, load_reference_data

LABELS = {"region": "NHS England regions", **dict(Organisation.Kind.choices)}


class Command(BaseCommand):
    help = (
        "Load (or refresh) England's NHS regions, ICBs, police forces, local authorities "
        "and their safeguarding partnerships from the reference CSV files. Safe to re-run."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--directory",
            help="Folder holding the CSV files (default: safeguarding/organisations/reference/)",
        )

    def handle(self, *args, directory=None, **options):
        try:
            counts = load_reference_data(directory)
        except ReferenceDataError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS("Reference data loaded:"))
        for kind, count in counts.items():
            self.stdout.write(f"  {LABELS.get(kind, kind)}: {count}")
