import time

from django.core.management.base import BaseCommand

from safeguarding.search import services


class Command(BaseCommand):
    help = (
        "Rebuild the search index: every review, recommendation and processed document "
        "(default), or with --changed only those whose text or encoder changed since they "
        "were indexed (and drop passages of records that are gone)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--changed",
            action="store_true",
            help="Only records whose text changed, or that were indexed with another encoder",
        )

    def handle(self, *args, changed, **options):
        start = time.perf_counter()
        totals = services.reindex(
            changed_only=changed,
            out=self.stdout.write if options["verbosity"] >= 1 else None,
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Search index {'updated' if changed else 'rebuilt'}: "
                f"{sum(totals.values())} passages written in {time.perf_counter() - start:.1f} s "
                f"(encoder {services.encoder_name()})"
            )
        )
