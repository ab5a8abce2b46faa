"""Training the trained engine (trained.py) on the development part of a labelled corpus.
Uses scikit-learn (training only; the engine itself needs numpy alone). No Django import.

`train_development(path)` reads the development part through
``evaluation.load_part(path, "development")`` and checks every record is development, so no
held-out record can reach training. The fit is deterministic: fixed fold seed, lbfgs (no
randomness), records in file order.

The cut-off is one number for all themes: the one that maximises (micro F1 + macro F1) / 2 of
5-fold out-of-fold probabilities on development; the same out-of-fold predictions give the
cross-validation figures that `train_themes` prints.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np

from ..evaluation import DEVELOPMENT, load_part
from .embedding import CODES, EmbeddingEngine
from .trained import (
    FORMAT,
    OWN_SCALE,
    keyword_matrix,
    own_signals,
    shared_features,
    tfidf,
    tokens,
    weights_path,
)

REGULARISATION_C = 4.0
CV_FOLDS = 5
CV_SEED = 18
CUTOFF_GRID = np.round(np.arange(0.20, 0.81, 0.025), 3)
MIN_DF = 2


class HeldOutInTraining(AssertionError):
    """A record outside the development part reached training."""


def development_records(path, split_path=None):
    """The development records of `path` (its split beside it unless `split_path`)."""
    records, split = load_part(path, DEVELOPMENT, split_path)
    leaked = [r.id for r in records if split is None or split.part_of(r.id) != DEVELOPMENT]
    if leaked:
        raise HeldOutInTraining(f"held-out records reached training: {', '.join(leaked[:5])}")
    return records, split


def fit_vocabulary(texts: list[str]) -> tuple[list[str], np.ndarray]:
    """Terms (words and pairs) in at least MIN_DF texts, sorted, and their smoothed idf (as
    TfidfVectorizer(smooth_idf=True))."""
    df: dict[str, int] = {}
    for text in texts:
        for term in set(tokens(text)):
            df[term] = df.get(term, 0) + 1
    terms = sorted(term for term, count in df.items() if count >= min(MIN_DF, len(texts)))
    n = len(texts)
    idf = np.array([np.log((1 + n) / (1 + df[t])) + 1.0 for t in terms], dtype=np.float32)
    return terms, idf


class _Features:
    """Everything but the TF-IDF part, computed once for the texts."""

    def __init__(self, engine: EmbeddingEngine, texts: list[str]):
        self.texts = texts
        self.vectors = engine._encode(texts)
        self.keyword = keyword_matrix(engine.keywords, texts)
        self.own = own_signals(engine, self.vectors, self.keyword) * OWN_SCALE

    def shared(self, rows, vocabulary, idf):
        texts = [self.texts[i] for i in rows]
        return shared_features(
            self.vectors[rows], self.keyword[rows], tfidf(texts, vocabulary, idf)
        )


def _fit(features: _Features, labels: np.ndarray, rows: np.ndarray):
    """(vocabulary, idf, shared weights, own weights, bias) fitted on `rows`."""
    from sklearn.linear_model import LogisticRegression

    terms, idf = fit_vocabulary([features.texts[i] for i in rows])
    vocabulary = {term: j for j, term in enumerate(terms)}
    shared = features.shared(rows, vocabulary, idf)
    n_shared = shared.shape[1]
    w_shared = np.zeros((len(CODES), n_shared), dtype=np.float32)
    w_own = np.zeros((len(CODES), 3), dtype=np.float32)
    bias = np.full(len(CODES), -8.0, dtype=np.float32)  # a theme never labelled: never
    for j in range(len(CODES)):
        y = labels[rows, j]
        if y.min() == y.max():
            if y.min() == 1:
                bias[j] = 8.0
            continue
        x = np.hstack([shared, features.own[rows, j]])
        model = LogisticRegression(C=REGULARISATION_C, class_weight="balanced", max_iter=5000)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model.fit(x, y)
        w_shared[j] = model.coef_[0, :n_shared]
        w_own[j] = model.coef_[0, n_shared:]
        bias[j] = model.intercept_[0]
    return terms, idf, w_shared, w_own, bias


def _predict(features: _Features, rows, fitted) -> np.ndarray:
    terms, idf, w_shared, w_own, bias = fitted
    vocabulary = {term: j for j, term in enumerate(terms)}
    shared = features.shared(rows, vocabulary, idf)
    logits = shared @ w_shared.T + np.einsum("ncf,cf->nc", features.own[rows], w_own) + bias
    return 1.0 / (1.0 + np.exp(-logits))


def figures(probability: np.ndarray, labels: np.ndarray, cutoff: float) -> dict:
    """Micro F1, macro F1 (over themes with support or predictions) and the lowest theme F1."""
    predicted = probability >= cutoff
    gold = labels == 1
    tp = (predicted & gold).sum(0)
    fp = (predicted & ~gold).sum(0)
    fn = (~predicted & gold).sum(0)
    present = (tp + fp + fn) > 0
    f1 = np.where(present, 2 * tp / np.maximum(2 * tp + fp + fn, 1), 0.0)
    micro = 2 * tp.sum() / max(1, 2 * tp.sum() + fp.sum() + fn.sum())
    used = f1[present]
    return {
        "micro_f1": round(float(micro), 4),
        "macro_f1": round(float(used.mean()) if used.size else 0.0, 4),
        "lowest_f1": round(float(used.min()) if used.size else 0.0, 4),
        "lowest_code": CODES[int(np.argmin(np.where(present, f1, 2.0)))] if used.size else "",
        "per_theme": {code: round(float(f1[j]), 4) for j, code in enumerate(CODES)},
    }


def fold_numbers(n: int, folds: int) -> np.ndarray:
    order = np.random.default_rng(CV_SEED).permutation(n)
    fold = np.zeros(n, dtype=int)
    fold[order] = np.arange(n) % folds
    return fold


def train(records, encoder_name: str = "static", encoder=None) -> tuple[dict, dict]:
    """(arrays to save, cross-validation report) for `records` (development records)."""
    texts = [" ".join(r.text.split()) for r in records]
    labels = np.array([[code in r.themes for code in CODES] for r in records], dtype=np.int8)
    # The untrained hybrid gives the encoder, the keywords and the prototypes.
    features = _Features(EmbeddingEngine(encoder, encoder_name=encoder_name), texts)
    folds = min(CV_FOLDS, len(records))
    out_of_fold = np.zeros(labels.shape)
    if folds >= 2:
        fold = fold_numbers(len(records), folds)
        for k in range(folds):
            train_rows, test_rows = np.where(fold != k)[0], np.where(fold == k)[0]
            fitted = _fit(features, labels, train_rows)
            out_of_fold[test_rows] = _predict(features, test_rows, fitted)
        scored = [(figures(out_of_fold, labels, c), float(c)) for c in CUTOFF_GRID]
        best, cutoff = max(scored, key=lambda s: (s[0]["micro_f1"] + s[0]["macro_f1"], -s[1]))
    else:
        best, cutoff = {}, 0.5
    terms, idf, w_shared, w_own, bias = _fit(features, labels, np.arange(len(records)))
    arrays = {
        "format": np.array(FORMAT),
        "encoder": np.array(encoder_name),
        "codes": np.array(CODES),
        "shared": w_shared.astype(np.float16),
        "own": w_own,
        "bias": bias,
        "cutoff": np.array(cutoff),
        "vocabulary": np.array(terms),
        "idf": idf,
        "trained_on": np.array(sorted(r.id for r in records)),
    }
    report = {
        "encoder": encoder_name,
        "records": len(records),
        "folds": folds,
        "cutoff": cutoff,
        "vocabulary": len(terms),
        **{k: v for k, v in best.items()},
    }
    return arrays, report


def save(arrays: dict, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, **arrays)
    return path


def train_development(path, encoder_name="static", split_path=None, out=None, encoder=None):
    """Train on the development part of `path` and save the weights (default: the engine's
    weights file). Returns (weights path, report)."""
    records, _split = development_records(path, split_path)
    arrays, report = train(records, encoder_name, encoder)
    target = save(arrays, Path(out) if out else weights_path(encoder_name))
    return target, report
