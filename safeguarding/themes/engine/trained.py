"""The trained engine: one linear classifier per theme, trained on the development part of the
labelled corpus, with stored weights. Plain Python (numpy), no Django import. See
docs/themes.md and docs/decisions/0006-theme-classifier.md.

For a passage, the features are

- its encoder vector (``safeguarding.meaning``: ``static`` or ``minilm``);
- the keyword baseline's confidence for each of the 34 themes (keywords.py / lexicon.py);
- for the theme being scored, three "own" signals: its keyword confidence, the z-score of the
  passage's similarity to the theme's prototype (embedding.py) and the static-hybrid
  confidence that combines them, scaled up by OWN_SCALE (so they are penalised less);
- a TF-IDF vector of its words and word pairs (vocabulary and idf from training), scaled by
  TFIDF_SCALE.

Each theme's probability is ``sigmoid(w . x + b)`` with the stored weights (numpy dot
products only; scikit-learn is used by ``train_themes`` alone). One global cut-off, chosen by
5-fold cross-validation on the development part, is mapped onto the default threshold 0.5
(piecewise linear), so confidences stay in 0..1 and 0.5 means "suggest".

Learning from decisions (`learn`) is embedding.py's: each theme's cut-off is recalibrated on
the decided passages and the nearest decided passages vote for or against a code; the
prototypes are not moved (they feed the trained features).

The weights live in ``weights/trained-<encoder>.npz``; retrain with
``python manage.py train_themes tests/corpus/passages.jsonl --encoder static`` (development part
only). If the file is missing the engine raises WeightsMissing when built: no silent fallback.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from pathlib import Path

import numpy as np

from .embedding import CODES, EmbeddingEngine, _sigmoid

WEIGHTS_DIR = Path(__file__).resolve().parent / "weights"
FORMAT = 1
# Feature scales (fixed before training; chosen by cross-validation on development).
OWN_SCALE = 3.0
TFIDF_SCALE = 2.0
VECTOR_SCALE = 1.0
HYBRID_EMBEDDING_WEIGHT = 0.5  # as static-hybrid
_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token pattern


class WeightsMissing(FileNotFoundError):
    """The trained engine's weights file is not there (train it: see docs/themes.md)."""


def weights_path(encoder_name: str) -> Path:
    return WEIGHTS_DIR / f"trained-{encoder_name}.npz"


# -- features shared by training and scoring ------------------------------------------------


def tokens(text: str) -> list[str]:
    """Words and word pairs as scikit-learn's TfidfVectorizer(ngram_range=(1, 2)) makes them."""
    words = _TOKEN.findall(text.lower())
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


def tfidf(texts: list[str], vocabulary: dict[str, int], idf: np.ndarray) -> np.ndarray:
    """Sublinear TF-IDF rows, l2-normalised (TfidfVectorizer(sublinear_tf=True) with a fixed
    vocabulary and idf)."""
    out = np.zeros((len(texts), len(vocabulary)), dtype=np.float32)
    for i, text in enumerate(texts):
        for term, count in Counter(tokens(text)).items():
            j = vocabulary.get(term)
            if j is not None:
                out[i, j] = (1.0 + math.log(count)) * idf[j]
        norm = float(np.linalg.norm(out[i]))
        if norm:
            out[i] /= norm
    return out


def keyword_matrix(keywords, passages: list[str]) -> np.ndarray:
    index = {code: j for j, code in enumerate(CODES)}
    out = np.zeros((len(passages), len(CODES)), dtype=np.float32)
    for i, passage in enumerate(passages):
        for code, value in keywords.score_passage(passage).items():
            out[i, index[code]] = value
    return out


def own_signals(embedding: EmbeddingEngine, vectors: np.ndarray, keyword: np.ndarray):
    """(passages x codes x 3): per theme, its keyword confidence, the z-score of the
    similarity to its prototype (x 0.3) and the static-hybrid confidence."""
    sims = vectors @ embedding.prototypes.T
    spread = sims.std(axis=1, keepdims=True)
    spread[spread == 0] = 1.0
    z = (sims - sims.mean(axis=1, keepdims=True)) / spread
    e = _sigmoid((z - embedding.z0) / embedding.tau)
    hybrid = 1.0 - (1.0 - keyword) * (1.0 - HYBRID_EMBEDDING_WEIGHT * e)
    return np.stack([keyword, z * 0.3, hybrid], axis=2).astype(np.float32)


def shared_features(vectors: np.ndarray, keyword: np.ndarray, text_features: np.ndarray):
    """The features every theme's classifier sees (passages x features)."""
    return np.hstack([vectors * VECTOR_SCALE, keyword, text_features * TFIDF_SCALE]).astype(
        np.float32
    )


def calibrate(probability: np.ndarray, cutoff: float, target: float = 0.5) -> np.ndarray:
    """Map `cutoff` onto `target`, piecewise linearly (0 and 1 stay put, order is kept)."""
    low = probability * target / cutoff
    high = target + (probability - cutoff) * (1.0 - target) / (1.0 - cutoff)
    return np.clip(np.where(probability < cutoff, low, high), 0.0, 1.0)


class TrainedEngine(EmbeddingEngine):
    """Per-theme logistic regression over encoder, keyword, prototype and TF-IDF features, with
    weights from `weights_path(encoder_name)` (or `path`)."""

    default_threshold = 0.5

    def __init__(self, encoder=None, *, encoder_name: str = "static", path=None, name=None):
        super().__init__(
            encoder,
            encoder_name=encoder_name,
            keywords=True,
            name=name or f"trained-{encoder_name}",
        )
        path = Path(path) if path else weights_path(encoder_name)
        if not path.exists():
            raise WeightsMissing(
                f"the {self.name} engine has no weights at {path}; train them with "
                f"`python manage.py train_themes tests/corpus/passages.jsonl --encoder "
                f"{encoder_name}` (see docs/themes.md)"
            )
        with np.load(path, allow_pickle=False) as data:
            if int(data["format"]) != FORMAT or tuple(data["codes"]) != CODES:
                raise ValueError(f"{path} was trained for another format or taxonomy")
            if str(data["encoder"]) != encoder_name:
                raise ValueError(f"{path} was trained with the {data['encoder']} encoder")
            self.weights_shared = data["shared"].astype(np.float32)  # codes x features
            self.weights_own = data["own"].astype(np.float32)  # codes x 3
            self.bias = data["bias"].astype(np.float32)  # codes
            self.cutoff = float(data["cutoff"])
            self.vocabulary = {term: j for j, term in enumerate(data["vocabulary"].tolist())}
            self.idf = data["idf"].astype(np.float32)
        self.weights_file = path

    def probabilities(self, passages: list[str], vectors: np.ndarray) -> np.ndarray:
        """(passages x codes) uncalibrated probabilities from the stored weights."""
        keyword = keyword_matrix(self.keywords, passages)
        shared = shared_features(vectors, keyword, tfidf(passages, self.vocabulary, self.idf))
        own = own_signals(self, vectors, keyword) * OWN_SCALE
        logits = shared @ self.weights_shared.T + np.einsum("ncf,cf->nc", own, self.weights_own)
        return _sigmoid(logits + self.bias)

    def _base_confidence(self, passages: list[str], vectors: np.ndarray):
        probability = self.probabilities(passages, vectors)
        return calibrate(probability, self.cutoff, self.default_threshold), vectors

    def _learn_prototypes(self, vectors: np.ndarray, decisions: np.ndarray) -> np.ndarray:
        # The prototypes feed the trained features, so decisions do not move them.
        return self.prototypes


def trained_factory(encoder_name: str):
    def make() -> TrainedEngine:
        return TrainedEngine(encoder_name=encoder_name)

    make.__name__ = f"trained-{encoder_name}"
    return make
