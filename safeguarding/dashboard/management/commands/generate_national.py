"""Fill the database with national synthetic volume for the dashboard's scale test.

A bulk load (see ``safeguarding.dashboard.synthetic``): no audit rows are written, and the
search index is not built for synthetic rows. The dashboard figures are refreshed at the end.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from safeguarding.dashboard import services, synthetic


class Command(BaseCommand):
    help = (
        "Load about ten years of synthetic national volume (at scale 1: about 70,000 reviews "
        "and 500,000 recommendations and actions) across every ICB and its safeguarding "
        "partnerships, marked source='synthetic', then refresh the dashboard figures. "
        "Deterministic for a seed and a day. A bulk load for scale tests: it writes no audit "
        "rows and does not add the synthetic rows to the search index. Run "
        "load_organisations first."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--years",
            type=int,
            default=synthetic.DEFAULT_YEARS,
            help="Years of data, ending today (default %(default)s)",
        )
        parser.add_argument(
            "--scale",
            type=float,
            default=synthetic.DEFAULT_SCALE,
            help="Multiplies every volume (default %(default)s; e.g. 0.01 for a quick set)",
        )
        parser.add_argument(
            "--seed", type=int, default=synthetic.DEFAULT_SEED, help="Random seed (default 1)"
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="First remove earlier synthetic data (and everything hanging off it)",
        )

    def handle(self, *args, years, scale, seed, replace, **options):
        if years < 1:
            raise CommandError("--years must be at least 1")
        if scale <= 0:
            raise CommandError("--scale must be more than 0")
        progress = self.stdout.write if options["verbosity"] >= 2 else None
        try:
            result = synthetic.generate(
                years=years, scale=scale, seed=seed, replace=replace, out=progress
            )
        except synthetic.SyntheticDataError as error:
            raise CommandError(str(error)) from error
        started = time.perf_counter()
        services.refresh_figures()
        refreshed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(f"{result.summary()}; figures refreshed in {refreshed:.1f} s")
        )
