"""python manage.py eval_recommendations FILE.jsonl [--part development|held-out|all]"""

import json

from django.core.management.base import BaseCommand, CommandError

from safeguarding.themes.evaluation import (
    HELD_OUT,
    PARTS,
    CorpusError,
    evaluate_recommendations,
    load_part,
)


def _fmt(value):
    return "   -  " if value is None else f"{value:6.3f}"


class Command(BaseCommand):
    help = (
        "Evaluate recommendation extraction on a labelled JSON Lines file: precision and "
        "recall after whitespace and numbering normalisation, per layout and in all. The "
        "held-out part prints figures only, never its errors, so that nobody tunes on it. "
        "The last line of output is a JSON summary."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help='JSON Lines: {"id", "text", "themes", "recommendations"}')
        parser.add_argument("--part", choices=PARTS, default="all")
        parser.add_argument("--split", default=None, help="default: split.json beside the file")

    def handle(self, *args, **options):
        try:
            records, _split = load_part(options["file"], options["part"], options["split"])
        except CorpusError as error:
            raise CommandError(str(error)) from None
        result = evaluate_recommendations(records)

        out = self.stdout
        if options["part"] != HELD_OUT:
            for doc in result["per_document"]:
                if not (doc["extra"] or doc["missed"]):
                    continue
                out.write(
                    f"{doc['id']} ({doc['layout']}): labelled {doc['labelled']}, extracted "
                    f"{doc['extracted']}, found {doc['found']}"
                )
                for text in doc["extra"]:
                    out.write(f"    extra:  {text[:100]}")
                for text in doc["missed"]:
                    out.write(f"    missed: {text[:100]}")
        out.write(
            f"{'layout':28} {'docs':>4} {'recs':>5} {'found':>5} {'extra':>5} {'missed':>6} "
            f"{'prec':>6} {'recall':>6}"
        )
        for layout, row in result["per_layout"].items():
            out.write(
                f"{layout:28} {row['documents']:4d} {row['labelled']:5d} {row['found']:5d} "
                f"{row['extra']:5d} {row['missed']:6d} {_fmt(row['precision'])} "
                f"{_fmt(row['recall'])}"
            )
        out.write(
            f"{options['part']} part, {result['documents']} documents: precision "
            f"{_fmt(result['precision']).strip()}, recall {_fmt(result['recall']).strip()}"
        )
        for band, row in result["by_confidence"].items():
            out.write(
                f"drafts shown as {band}: {row['drafts']}, precision {_fmt(row['precision'])}"
            )
        summary = {k: v for k, v in result.items() if k not in ("per_document", "per_layout")}
        out.write(json.dumps({"part": options["part"], **summary}))
