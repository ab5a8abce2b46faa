"""python manage.py train_themes FILE.jsonl [--encoder static|minilm] [--split S] [--out F]"""

import json

from django.core.management.base import BaseCommand, CommandError

from safeguarding.themes.evaluation import CorpusError


class Command(BaseCommand):
    help = (
        "Train the trained theme engine's weights on the DEVELOPMENT part of a labelled JSON "
        "Lines file (never the held-out part), print its 5-fold cross-validation figures and "
        "save the weights (default: safeguarding/themes/engine/weights/trained-ENCODER.npz)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help='JSON Lines: {"id", "text", "themes", "recommendations"}')
        parser.add_argument("--encoder", default="static", choices=("static", "minilm"))
        parser.add_argument("--split", default=None, help="default: split.json beside the file")
        parser.add_argument("--out", default=None, help="default: the engine's weights file")

    def handle(self, *args, **options):
        from safeguarding.themes.engine.training import train_development

        try:
            path, report = train_development(
                options["file"], options["encoder"], options["split"], options["out"]
            )
        except CorpusError as error:
            raise CommandError(str(error)) from None
        per_theme = report.pop("per_theme", {})
        for code, f1 in per_theme.items():
            self.stdout.write(f"{code:30} {f1:6.3f}")
        self.stdout.write(
            f"trained-{report['encoder']} on {report['records']} development records; "
            f"{report['folds']}-fold CV at cut-off {report['cutoff']}: micro F1 "
            f"{report.get('micro_f1', 0):.3f}, macro F1 {report.get('macro_f1', 0):.3f}, lowest "
            f"{report.get('lowest_f1', 0):.3f} ({report.get('lowest_code', '')}); saved {path}"
        )
        self.stdout.write(json.dumps({"weights": str(path), **report}))
