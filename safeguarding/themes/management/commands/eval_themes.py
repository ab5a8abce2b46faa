"""python manage.py eval_themes FILE.jsonl [--engine keywords] [--threshold X]"""

import json

from django.core.management.base import BaseCommand, CommandError

from safeguarding.themes.engine import DEFAULT_ENGINE, ENGINES, get_engine
from safeguarding.themes.evaluation import CorpusError, evaluate_themes, load_jsonl


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
        parser.add_argument(
            "--threshold", type=float, default=None, help="default: the engine's own threshold"
        )

    def handle(self, *args, **options):
        threshold = options["threshold"]
        if threshold is not None and not 0.0 <= threshold <= 1.0:
            raise CommandError("--threshold must be between 0 and 1")
        try:
            records = load_jsonl(options["file"])
            engine = get_engine(options["engine"])
        except (CorpusError, KeyError) as error:
            raise CommandError(str(error).strip("'\"")) from None
        result = evaluate_themes(engine, records, threshold)

        out = self.stdout
        out.write(f"{'theme':30} {'prec':>6} {'recall':>6} {'f1':>6} {'support':>7} {'pred':>5}")
        for code, row in result["per_theme"].items():
            out.write(
                f"{code:30} {_fmt(row['precision'])} {_fmt(row['recall'])} {_fmt(row['f1'])} "
                f"{row['support']:7d} {row['predicted']:5d}"
            )
        out.write(
            f"engine {result['engine']}, threshold {result['threshold']}, "
            f"{result['passages']} passages: micro P {_fmt(result['micro_precision']).strip()} "
            f"R {_fmt(result['micro_recall']).strip()} F1 {result['micro_f1']:.3f}; "
            f"macro F1 {result['macro_f1']:.3f} over {result['macro_themes']} "
            f"{result['macro_over']}; {result['seconds']:.2f} s"
        )
        summary = {k: v for k, v in result.items() if k not in ("per_theme", "records")}
        out.write(json.dumps(summary))
