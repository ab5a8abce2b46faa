from django.core.management.base import BaseCommand

from safeguarding.dashboard import services


class Command(BaseCommand):
    help = "Rebuild the dashboard's pre-aggregated figures from the records."

    def handle(self, *args, **options):
        count = services.refresh_figures()
        self.stdout.write(f"Dashboard figures refreshed for {count} reviews")
