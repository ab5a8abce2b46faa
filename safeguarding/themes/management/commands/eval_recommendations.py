"""python manage.py eval_recommendations FILE.jsonl"""

import json

from django.core.management.base import BaseCommand, CommandError

from safeguarding.themes.evaluation import CorpusError, evaluate_recommendations, load_jsonl


class Command(BaseCommand):
    help = (
        "Evaluate recommendation extraction on a labelled JSON Lines file: precision and "
        "recall after whitespace and numbering normalisation. The last line of output is a "
        "JSON summary."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help='JSON Lines: {"id", "text", "themes", "recommendations"}')

    def handle(self, *args, **options):
        try:
            records = load_jsonl(options["file"])
        except CorpusError as error:
            raise CommandError(str(error)) from None
        result = evaluate_recommendations(records)

        out = self.stdout
        for doc in result["per_document"]:
            out.write(
                f"{doc['id']}: labelled {doc['labelled']}, extracted {doc['extracted']}, "
                f"found {doc['found']}, extra {len(doc['extra'])}, missed {len(doc['missed'])}"
            )
            for text in doc["extra"]:
                out.write(f"    extra:  {text[:100]}")
            for text in doc["missed"]:
                out.write(f"    missed: {text[:100]}")
        summary = {k: v for k, v in result.items() if k != "per_document"}
        out.write(json.dumps(summary))
