"""Theme engines: suggest theme codes from the default taxonomy for a text, each with a
confidence and the evidence passage. Plain Python, no Django import. See docs/themes.md."""

from collections.abc import Callable

from .base import Suggestion, ThemeEngine, split_passages, split_sentences
from .embedding import EmbeddingEngine, engine_factory
from .keywords import KeywordEngine
from .trained import TrainedEngine, WeightsMissing, trained_factory

# name -> a callable making a fresh engine. The embedding engines load their encoder on first
# use (safeguarding.meaning), so building one is cheap.
ENGINES: dict[str, Callable[[], ThemeEngine]] = {
    KeywordEngine.name: KeywordEngine,
    "minilm": engine_factory("minilm", keywords=False),
    "minilm-hybrid": engine_factory("minilm", keywords=True),
    "static": engine_factory("static", keywords=False),
    "static-hybrid": engine_factory("static", keywords=True),
    # Weights from train_themes (development part only); WeightsMissing if absent.
    "trained-static": trained_factory("static"),
}
DEFAULT_ENGINE = "trained-static"  # beat static-hybrid on the held-out part (docs/decisions/0006)


def get_engine(name: str = DEFAULT_ENGINE) -> ThemeEngine:
    """An engine by name; KeyError naming the choices if there is none."""
    try:
        return ENGINES[name]()
    except KeyError:
        raise KeyError(
            f"unknown engine {name!r}; choose from {', '.join(sorted(ENGINES))}"
        ) from None


__all__ = [
    "DEFAULT_ENGINE",
    "ENGINES",
    "EmbeddingEngine",
    "KeywordEngine",
    "Suggestion",
    "ThemeEngine",
    "TrainedEngine",
    "WeightsMissing",
    "get_engine",
    "split_passages",
    "split_sentences",
]
