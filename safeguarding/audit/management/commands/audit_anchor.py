from django.core.management.base import BaseCommand

from safeguarding.audit import services


class Command(BaseCommand):
    help = (
        "Write the audit chain's newest id and hash to the log (an 'anchor' event) and to "
        "AUDIT_ANCHOR_FILE, outside the database."
    )

    def handle(self, *args, **options):
        event = services.write_anchor()
        self.stdout.write(f"Anchored the audit chain at event {event.pk} ({event.hash})")
