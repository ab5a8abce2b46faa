import threading

from .models import Theme, ThemeFeedback
from .taxonomy import DEFAULT_THEMES, THEME_CODES

_engine_lock = threading.Lock()
_engine_state = {"engine": None, "feedback_id": None}


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
    engine = default_engine()
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


def default_engine():
    """The deployment's engine (`engine.DEFAULT_ENGINE`), one per process, having learnt every
    stored decision. When a newer decision has been stored since it learnt (one cheap query
    for the latest id), it learns again from all of them."""
    from .engine import get_engine

    latest = ThemeFeedback.objects.order_by("-id").values_list("id", flat=True).first()
    with _engine_lock:
        engine = _engine_state["engine"]
        if engine is None:
            engine = get_engine()
            _engine_state["engine"] = engine
            _engine_state["feedback_id"] = None
        if latest != _engine_state["feedback_id"]:
            engine.learn(
                ThemeFeedback.objects.order_by("id").values_list("text", "code", "accepted")
            )
            _engine_state["feedback_id"] = latest
        return engine


def reset_default_engine():
    """Forget the cached engine (tests, or after changing the default)."""
    with _engine_lock:
        _engine_state.update(engine=None, feedback_id=None)


def record_feedback(*, code, text, accepted, user=None):
    """Store a person's decision on a suggestion so that later suggestions learn from it.
    `text` is the evidence passage the suggestion was shown with. Returns the row."""
    if code not in THEME_CODES:
        raise ValueError(f"unknown theme code {code!r}")
    text = " ".join((text or "").split())
    if not text:
        raise ValueError("feedback needs the passage text")
    return ThemeFeedback.objects.create(
        code=code,
        text=text,
        accepted=bool(accepted),
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
