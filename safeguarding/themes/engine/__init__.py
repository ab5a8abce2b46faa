"""Theme engines: suggest theme codes from the default taxonomy for a text, each with a
confidence and the evidence passage. Plain Python, no Django import. See docs/themes.md."""

from .base import Suggestion, ThemeEngine, split_passages, split_sentences
from .keywords import KeywordEngine

ENGINES: dict[str, type[ThemeEngine]] = {KeywordEngine.name: KeywordEngine}
DEFAULT_ENGINE = KeywordEngine.name


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
    "KeywordEngine",
    "Suggestion",
    "ThemeEngine",
    "get_engine",
    "split_passages",
    "split_sentences",
]
