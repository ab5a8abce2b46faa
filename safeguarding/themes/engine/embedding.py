"""The embedding engine: theme prototypes from hand-written seed descriptions, optionally
combined with the keyword baseline, and learning from people's decisions. Plain Python
(numpy), no Django import. See docs/themes.md.

Scoring one batch of passages:

1. Every passage is encoded once (one batch) by the encoder (`safeguarding.meaning`, or any
   object with ``encode(texts) -> unit float32 vectors``).
2. Each theme has a prototype: the normalised mean of the vectors of its taxonomy label and its
   seed sentences (seeds.py). A passage's cosine similarity to the 34 prototypes is turned
   into a z-score across the themes (so "this passage is unusually close to this theme"),
   and into an embedding probability ``e = sigmoid((z - Z0) / TAU)``.
3. Pure embedding engine: confidence = e. Hybrid: confidence = 1 - (1 - k)(1 - W * e), where
   k is the keyword baseline's confidence (a noisy-OR: either signal can raise it, the
   embedding alone at most to W).
4. Feedback (`learn`): people's decisions ``(text, code, accepted)`` change three things.
   (a) Each theme's cut-off: the F1-best cut-off over the decided passages, shrunk towards
   the default by CALIBRATION_PRIOR examples, mapped back onto the default threshold
   (`_learn_cutoffs`, `_calibrate`); most of the measured gain comes from this. (b) Each
   theme's prototype moves towards the mean of its accepted passages and away from its
   rejected ones (`_learn_prototypes`). (c) For each passage, the nearest decided passages
   vote for or against each code in proportion to their similarity (`_apply_feedback`), so a
   decision on the same or a very close text decides that code there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np

from ..taxonomy import DEFAULT_THEMES
from .base import ThemeEngine
from .keywords import KeywordEngine
from .seeds import SEEDS

CODES = tuple(theme.code for theme in DEFAULT_THEMES)
Z0 = 2.0  # z-score at which the embedding alone gives 0.5
TAU = 0.5  # softness of that step
EMBEDDING_WEIGHT = 0.5  # in the hybrid, the embedding alone reaches at most this
MIN_CONFIDENCE = 0.01  # below this a code is left out ("no signal")
# The feedback similarity scale: lo is this quantile of the similarities between seed
# sentences of different themes (a related-but-different pair rarely reaches it); hi is
# halfway from lo to 1.
FEEDBACK_LO_QUANTILE = 0.95
# With at least FEEDBACK_MIN_TEXTS feedback texts, lo is raised to this quantile of the
# similarities between them (an encoder whose in-domain texts are all alike needs a higher lo).
FEEDBACK_MIN_TEXTS = 30
FEEDBACK_PAIR_QUANTILE = 0.99
FEEDBACK_NEIGHBOURS = 5
# Per-theme calibration from decisions: each theme's cut-off is moved to where the decided
# passages say it should be, shrunk towards the default by CALIBRATION_PRIOR examples' worth.
CALIBRATION_GRID = np.round(np.arange(0.20, 0.86, 0.05), 2)
CALIBRATION_PRIOR = 20.0
# Prototypes learn too (Rocchio): the mean of a theme's accepted passages is added with this
# weight and the mean of its rejected ones taken away with PROTOTYPE_REJECTED.
PROTOTYPE_ACCEPTED = 1.0
PROTOTYPE_REJECTED = 0.25
PROTOTYPE_PRIOR = 5.0  # n decisions count n / (n + PROTOTYPE_PRIOR) of those weights


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


class EmbeddingEngine(ThemeEngine):
    """Theme suggestions from sentence embeddings (and, if `keywords`, the keyword baseline).

    `encoder`: an object with ``encode(list[str]) -> np.ndarray`` of unit rows; default
    ``safeguarding.meaning.get_encoder(encoder_name)``, loaded on first use.
    """

    default_threshold = 0.5

    def __init__(
        self,
        encoder=None,
        *,
        encoder_name: str | None = None,
        keywords: bool = True,
        name: str | None = None,
        embedding_weight: float = EMBEDDING_WEIGHT,
        z0: float = Z0,
        tau: float = TAU,
    ):
        self._encoder = encoder
        self.encoder_name = encoder_name
        self.keywords = KeywordEngine() if keywords else None
        self.name = name or f"{encoder_name or 'embedding'}{'-hybrid' if keywords else ''}"
        self.embedding_weight = embedding_weight
        self.z0, self.tau = z0, tau
        self._prototypes: np.ndarray | None = None
        self._seed_prototypes: np.ndarray | None = None
        self._scale: tuple[float, float] | None = None
        self._feedback: tuple[np.ndarray, np.ndarray, tuple[float, float]] | None = None
        self._cutoffs: np.ndarray | None = None  # per code, the learnt cut-off (see learn)
        self.feedback_count = 0

    # -- the encoder and the prototypes ----------------------------------------------------

    @property
    def encoder(self):
        if self._encoder is None:
            from safeguarding.meaning import get_encoder

            self._encoder = get_encoder(self.encoder_name)
        return self._encoder

    def _encode(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self.encoder.encode(list(texts)), dtype=np.float32)

    @property
    def prototypes(self) -> np.ndarray:
        """One unit row per code (in CODES order): the mean of the label and seed vectors."""
        if self._prototypes is None:
            texts, owners, is_seed = [], [], []
            for theme in DEFAULT_THEMES:
                for k, text in enumerate((theme.label, *SEEDS[theme.code])):
                    texts.append(text)
                    owners.append(theme.code)
                    is_seed.append(k > 0)
            vectors = self._encode(texts)
            owners_arr, seed_mask = np.array(owners), np.array(is_seed)
            rows = []
            for code in CODES:
                mean = vectors[owners_arr == code].mean(axis=0)
                rows.append(mean / (np.linalg.norm(mean) or 1.0))
            self._prototypes = np.stack(rows).astype(np.float32)
            self._seed_prototypes = self._prototypes
            self._scale = self._similarity_scale(vectors[seed_mask], owners_arr[seed_mask])
        return self._prototypes

    def _similarity_scale(self, vectors: np.ndarray, owners: np.ndarray) -> tuple[float, float]:
        """(lo, hi) for feedback, from this encoder's similarities between the seed sentences
        of different themes: lo is their FEEDBACK_LO_QUANTILE quantile, hi halfway to 1."""
        sims = vectors @ vectors.T
        different = owners[:, None] != owners[None, :]
        lo = float(np.quantile(sims[different], FEEDBACK_LO_QUANTILE))
        lo = min(lo, 0.95)
        return lo, lo + (1.0 - lo) / 2

    @property
    def similarity_scale(self) -> tuple[float, float]:
        self.prototypes  # noqa: B018 (builds the scale)
        assert self._scale is not None
        return self._scale

    # -- scoring ---------------------------------------------------------------------------

    def embedding_probabilities(self, vectors: np.ndarray) -> np.ndarray:
        """(passages x codes) probabilities from the similarity to each theme's prototype."""
        sims = vectors @ self.prototypes.T
        spread = sims.std(axis=1, keepdims=True)
        spread[spread == 0] = 1.0
        z = (sims - sims.mean(axis=1, keepdims=True)) / spread
        return _sigmoid((z - self.z0) / self.tau)

    def score_matrix(self, passages: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(confidences passages x codes, passage vectors), feedback applied."""
        vectors = self._encode(passages)
        confidence, vectors = self._base_confidence(passages, vectors)
        return self._apply_feedback(vectors, confidence), vectors

    def _base_confidence(self, passages: list[str], vectors: np.ndarray):
        embedding = self.embedding_probabilities(vectors)
        if self.keywords is None:
            confidence = embedding
        else:
            keyword = np.zeros_like(embedding)
            index = {code: j for j, code in enumerate(CODES)}
            for i, passage in enumerate(passages):
                for code, value in self.keywords.score_passage(passage).items():
                    keyword[i, index[code]] = value
            confidence = 1.0 - (1.0 - keyword) * (1.0 - self.embedding_weight * embedding)
        return confidence, vectors

    def score_passages(self, passages: list[str]) -> list[dict[str, float]]:
        if not passages:
            return []
        confidence, _ = self.score_matrix(passages)
        return [
            {code: float(row[j]) for j, code in enumerate(CODES) if row[j] >= MIN_CONFIDENCE}
            for row in confidence
        ]

    def score_passage(self, passage: str) -> dict[str, float]:
        return self.score_passages([passage])[0]

    # -- feedback --------------------------------------------------------------------------

    def learn(self, examples: Iterable[tuple[str, str, bool]]) -> None:
        """Use people's decisions: `(text, code, accepted)` each. Replaces earlier examples.
        For the same text and code the last decision given wins; unknown codes and empty
        texts are ignored."""
        latest: dict[tuple[str, str], bool] = {}
        for text, code, accepted in examples:
            text = " ".join((text or "").split())
            if text and code in CODES:
                latest.pop((text, code), None)
                latest[(text, code)] = bool(accepted)
        self.feedback_count = len(latest)
        self._feedback = None
        self._cutoffs = None
        if self._seed_prototypes is not None:
            self._prototypes = self._seed_prototypes
        if not latest:
            return
        texts = list(dict.fromkeys(text for text, _ in latest))
        row = {text: i for i, text in enumerate(texts)}
        column = {code: j for j, code in enumerate(CODES)}
        decisions = np.zeros((len(texts), len(CODES)), dtype=np.float32)
        for (text, code), accepted in latest.items():
            decisions[row[text], column[code]] = 1.0 if accepted else -1.0
        vectors = self._encode(texts)
        base, _ = self._base_confidence(texts, vectors)
        self._cutoffs = self._learn_cutoffs(base, decisions)
        self._prototypes = self._learn_prototypes(vectors, decisions)
        lo = self.similarity_scale[0]
        if len(texts) >= FEEDBACK_MIN_TEXTS:
            pairs = vectors @ vectors.T
            upper = pairs[np.triu_indices(len(texts), k=1)]
            lo = max(lo, float(np.quantile(upper, FEEDBACK_PAIR_QUANTILE)))
        lo = min(lo, 0.95)
        self._feedback = (vectors, decisions, (lo, lo + (1.0 - lo) / 2))

    def _learn_cutoffs(self, base: np.ndarray, decisions: np.ndarray) -> np.ndarray:
        """Per theme, the cut-off on the engine's own confidence that best separates the
        decided passages (F1 over them), shrunk towards the default threshold.

        `base` is the confidence without feedback (texts x codes); `decisions` +1 accepted,
        -1 rejected, 0 not decided. A passage someone decided on is taken as reviewed, so a
        theme not decided on it counts as a weak no if the engine gave it less than the
        default threshold (the person saw nothing to add). A theme whose suggestions keep
        being rejected gets a higher cut-off; one whose passages keep being tagged by hand
        below the threshold gets a lower one.
        """
        default = self.default_threshold
        cutoffs = np.full(len(CODES), default, dtype=np.float32)
        for j in range(len(CODES)):
            column = decisions[:, j]
            explicit = column != 0
            if not explicit.any():
                continue
            positive = column > 0
            negative = (column < 0) | ((column == 0) & (base[:, j] < default))
            scores = base[:, j]
            best_t, best_f1 = default, -1.0
            for t in CALIBRATION_GRID:
                above = scores >= t
                tp = float((above & positive).sum())
                fp = float((above & negative).sum())
                fn = float((~above & positive).sum())
                f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
                # ties go to the cut-off nearest the default
                if f1 > best_f1 + 1e-9 or (
                    abs(f1 - best_f1) <= 1e-9 and abs(t - default) < abs(best_t - default)
                ):
                    best_t, best_f1 = float(t), f1
            n = float(explicit.sum())
            cutoffs[j] = default + (best_t - default) * n / (n + CALIBRATION_PRIOR)
        return cutoffs

    def _learn_prototypes(self, vectors: np.ndarray, decisions: np.ndarray) -> np.ndarray:
        """The seed prototypes moved towards the passages people accepted for each theme and
        away from those they rejected."""
        prototypes = self.prototypes.copy()  # the seed prototypes (reset in learn)
        for j in range(len(CODES)):
            accepted, rejected = decisions[:, j] > 0, decisions[:, j] < 0
            row = prototypes[j].copy()
            n_accepted, n_rejected = int(accepted.sum()), int(rejected.sum())
            if n_accepted:
                share = n_accepted / (n_accepted + PROTOTYPE_PRIOR)
                row += PROTOTYPE_ACCEPTED * share * vectors[accepted].mean(axis=0)
            if n_rejected:
                share = n_rejected / (n_rejected + PROTOTYPE_PRIOR)
                row -= PROTOTYPE_REJECTED * share * vectors[rejected].mean(axis=0)
            prototypes[j] = row / (np.linalg.norm(row) or 1.0)
        return prototypes.astype(np.float32)

    def _calibrate(self, confidence: np.ndarray) -> np.ndarray:
        """Map each theme's learnt cut-off onto the default threshold (piecewise linear, so
        the order of passages within a theme is kept and 0 and 1 stay put)."""
        if self._cutoffs is None:
            return confidence
        t, d = self._cutoffs[None, :], self.default_threshold
        low = confidence * d / t
        high = d + (confidence - t) * (1.0 - d) / (1.0 - t)
        return np.where(confidence < t, low, high)

    def _apply_feedback(self, vectors: np.ndarray, confidence: np.ndarray) -> np.ndarray:
        """Move each confidence towards the decisions on the most similar feedback texts.

        For a passage, the FEEDBACK_NEIGHBOURS most similar feedback texts each get a weight
        w = clip((sim - lo) / (hi - lo), 0, 1). For a code, the vote is (sum of w over texts
        where it was accepted - sum over texts where it was rejected) / max(1, sum of all w),
        in -1..1: texts where the code was not decided on dilute the vote. A positive vote
        moves the confidence that share of the way to 1, a negative one that share to 0.
        """
        if self._feedback is None:
            return confidence
        confidence = self._calibrate(confidence)
        examples, decisions, (lo, hi) = self._feedback
        sims = vectors @ examples.T
        k = min(FEEDBACK_NEIGHBOURS, sims.shape[1])
        nearest = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        near_sims = np.take_along_axis(sims, nearest, axis=1)
        weights = np.clip((near_sims - lo) / (hi - lo), 0.0, 1.0)  # passages x k
        votes = np.einsum("nk,nkc->nc", weights, decisions[nearest])
        votes /= np.maximum(1.0, weights.sum(axis=1, keepdims=True))
        return np.where(
            votes > 0, confidence + votes * (1.0 - confidence), confidence * (1 + votes)
        )


def engine_factory(encoder_name: str, keywords: bool) -> Callable[[], EmbeddingEngine]:
    def make() -> EmbeddingEngine:
        return EmbeddingEngine(encoder_name=encoder_name, keywords=keywords)

    make.__name__ = f"{encoder_name}{'-hybrid' if keywords else ''}"
    return make
