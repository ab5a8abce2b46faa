import io

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from safeguarding.reviews import demo, types


class Command(BaseCommand):
    help = (
        "Create the demo users and a synthetic data set (no real people): reviews of every "
        "type in every stage across several ICBs, with recommendations and actions. "
        "Development only: refuses when DEBUG is off. Safe to re-run."
    )

    def add_arguments(self, parser):
        parser.add_argument("--password", required=True, help="Password for every demo user")
        parser.add_argument(
            "--seed", type=int, default=demo.DEFAULT_SEED, help="Random seed (default %(default)s)"
        )
        parser.add_argument(
            "--count",
            type=int,
            default=demo.DEFAULT_COUNT,
            help=(
                "Reviews to plan, before converted rapid reviews are added (default "
                f"%(default)s; at least {len(demo.COMBOS)} for every type in every stage)"
            ),
        )

    def handle(self, *args, password, seed, count, **options):
        if count < 1:
            raise CommandError("--count must be at least 1")
        if not password:
            raise CommandError("--password must not be empty")
        try:
            summary = demo.generate(password, seed=seed, count=count)
        except demo.DemoDataError as exc:
            raise CommandError(str(exc)) from exc
        if not transaction.get_connection().in_atomic_block:
            # New records were indexed for search when they were committed; this catches up
            # a database made before the search index existed (nothing to do otherwise).
            call_command("reindex", "--changed", verbosity=0, stdout=io.StringIO())
        out = self.stdout
        out.write(self.style.SUCCESS("Demo data ready (synthetic: no real people)."))
        out.write(f"  Demo users: {', '.join(summary.users)}")
        out.write(
            f"  Reviews: {summary.reviews_created} created, "
            f"{summary.reviews_existing} already there"
        )
        out.write(
            f"  Recommendations: {summary.recommendations} created; actions: "
            f"{summary.actions} created; dissemination records: {summary.disseminations}"
        )
        if options["verbosity"] >= 2:
            counts = summary.by_type_and_stage()
            for review_type in types.REVIEW_TYPES:
                stages = [types.NOT_STARTED.code, *types.STAGE_PATHS[review_type]]
                row = ", ".join(f"{s} {counts[(review_type, s)]}" for s in stages)
                out.write(f"  {review_type}: {row}")
            actions = summary.actions_by_status()
            out.write(
                "  Actions by status: " + ", ".join(f"{k} {v}" for k, v in sorted(actions.items()))
            )
