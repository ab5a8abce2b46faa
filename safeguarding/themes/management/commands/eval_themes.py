"""python manage.py eval_themes FILE.jsonl [--engine NAME] [--threshold X] [--feedback-folds K]"""

import json

from django.core.management.base import BaseCommand, CommandError

from safeguarding.themes.engine import DEFAULT_ENGINE, ENGINES, get_engine
from safeguarding.themes.evaluation import (
    PARTS,
    CorpusError,
    evaluate_feedback,
    evaluate_themes,
    load_part,
)


def _fmt(value):
    return "   -  " if value is None else f"{value:6.3f}"


class Command(BaseCommand):
    help = (
        "Evaluate a theme engine on a labelled JSON Lines file: per-theme precision, recall "
        "and F1, then micro and macro F1. The last line of output is a JSON summary."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help='JSON Lines: {"id", "text", "themes", "recommendations"}')
        parser.add_argument("--engine", default=DEFAULT_ENGINE, choices=sorted(ENGINES))
        parser.add_argument("--part", choices=PARTS, default="all")
        parser.add_argument("--split", default=None, help="default: split.json beside the file")
        parser.add_argument(
            "--threshold", type=float, default=None, help="default: the engine's own threshold"
        )
        parser.add_argument(
            "--feedback-folds",
            type=int,
            default=0,
            metavar="K",
            help="instead: K-fold test of learning from decisions (micro/macro F1 on each "
            "held-out fold before and after learning the simulated decisions on the others)",
        )

    def handle(self, *args, **options):
        threshold = options["threshold"]
        if threshold is not None and not 0.0 <= threshold <= 1.0:
            raise CommandError("--threshold must be between 0 and 1")
        try:
            records, _split = load_part(options["file"], options["part"], options["split"])
            engine = get_engine(options["engine"])
        except (CorpusError, KeyError) as error:
            raise CommandError(str(error).strip("'\"")) from None
        if options["feedback_folds"]:
            return self.feedback(engine, records, threshold, options["feedback_folds"])
        result = evaluate_themes(engine, records, threshold)

        out = self.stdout
        out.write(f"{'theme':30} {'prec':>6} {'recall':>6} {'f1':>6} {'support':>7} {'pred':>5}")
        for code, row in result["per_theme"].items():
            out.write(
                f"{code:30} {_fmt(row['precision'])} {_fmt(row['recall'])} {_fmt(row['f1'])} "
                f"{row['support']:7d} {row['predicted']:5d}"
            )
        out.write(
            f"{options['part']} part, engine {result['engine']}, threshold "
            f"{result['threshold']}, {result['passages']} passages: micro P {_fmt(result['micro_precision']).strip()} "
            f"R {_fmt(result['micro_recall']).strip()} F1 {result['micro_f1']:.3f}; "
            f"macro F1 {result['macro_f1']:.3f} over {result['macro_themes']} "
            f"{result['macro_over']}; {result['seconds']:.2f} s"
        )
        summary = {k: v for k, v in result.items() if k not in ("per_theme", "records")}
        out.write(json.dumps({"part": options["part"], **summary}))

    def feedback(self, engine, records, threshold, folds):
        if not 2 <= folds <= len(records):
            raise CommandError(f"--feedback-folds must be between 2 and {len(records)}")
        result = evaluate_feedback(engine, records, folds, threshold)
        out = self.stdout
        out.write(
            f"{'fold':>4} {'test':>5} {'accept':>6} {'reject':>6} "
            f"{'microF1 before':>14} {'after':>6} {'macroF1 before':>14} {'after':>6}"
        )
        for row in result["per_fold"]:
            out.write(
                f"{row['fold']:4d} {row['passages']:5d} {row['accepted']:6d} {row['rejected']:6d} "
                f"{row['before_micro_f1']:14.3f} {row['after_micro_f1']:6.3f} "
                f"{row['before_macro_f1']:14.3f} {row['after_macro_f1']:6.3f}"
            )
        out.write(
            f"engine {result['engine']}, threshold {result['threshold']}, {folds} folds: "
            f"mean micro F1 {result['before_micro_f1']:.3f} -> {result['after_micro_f1']:.3f}, "
            f"macro F1 {result['before_macro_f1']:.3f} -> {result['after_macro_f1']:.3f}; "
            f"{result['seconds']:.2f} s"
        )
        out.write(json.dumps({k: v for k, v in result.items() if k != "per_fold"}))
