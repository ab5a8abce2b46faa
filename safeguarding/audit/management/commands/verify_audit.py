from django.core.management.base import BaseCommand, CommandError

from safeguarding.audit import chain


class Command(BaseCommand):
    help = (
        "Check the audit log's keyed hash chain and its anchors (in the log and in "
        "AUDIT_ANCHOR_FILE). Exits non-zero, saying where and why, if either does not hold."
    )

    def handle(self, *args, **options):
        problem, summary = chain.verify()
        if problem is not None:
            raise CommandError(f"The audit log has been tampered with. {problem}")
        self.stdout.write(summary)
