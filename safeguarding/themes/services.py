from .models import Theme
from .taxonomy import DEFAULT_THEMES


def sync_default_themes(theme_model=Theme):
    """Create or update the default themes (idempotent)."""
    for theme in DEFAULT_THEMES:
        theme_model.objects.update_or_create(
            code=theme.code, defaults={"label": theme.label, "group": theme.group}
        )


def themes_by_code():
    return {theme.code: theme for theme in Theme.objects.all()}


def suggest_for_passages(passages):
    """Theme suggestions for a document given as its passages.

    Returns ``(document_suggestions, passage_suggestions)``: the document's suggestions (each
    code's best passage as evidence, best first) and, for each passage in order, its own
    suggestions. Uses the deployment's engine and the decisions people have recorded.
    """
    from .engine import get_engine

    engine = get_engine()
    per_passage = engine.suggest_passages(passages)
    best = {}
    for suggestions in per_passage:
        for suggestion in suggestions:
            if (
                suggestion.code not in best
                or suggestion.confidence > best[suggestion.code].confidence
            ):
                best[suggestion.code] = suggestion
    document = sorted(best.values(), key=lambda s: (-s.confidence, s.code))
    return document, per_passage


def record_feedback(*, code, text, accepted, user=None):
    """Store a person's decision on a suggestion so that later suggestions learn from it.
    (Filled in by the feedback work: see docs/themes.md.)"""
