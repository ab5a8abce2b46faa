"""Evaluation of theme suggestions and recommendation extraction against labelled JSON Lines.
Plain Python, no Django import. See docs/themes.md.

Each line is {"id": ..., "text": ..., "themes": [codes], "recommendations": [strings]}, and
may add "layout" (how a document writes its recommendations, for per-layout figures) and
"negatives" (the kinds of non-recommendation text it holds).

A corpus is split once into a development part and a held-out part (`load_split`,
`part_of`): rules, thresholds and weights are tuned on the development part only.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .taxonomy import DEFAULT_THEMES, THEME_CODES

REQUIRED_KEYS = ("id", "text", "themes", "recommendations")
MACRO_OVER = "themes with support > 0 or at least one prediction"


class CorpusError(ValueError):
    """A problem with an evaluation file; `line` is the 1-based line number (or None)."""

    def __init__(self, message: str, line: int | None = None):
        self.line = line
        super().__init__(f"line {line}: {message}" if line else message)


@dataclass(frozen=True)
class Record:
    id: str
    text: str
    themes: tuple[str, ...]
    recommendations: tuple[str, ...]
    layout: str = ""


def parse_record(obj: object, line: int | None = None) -> Record:
    if not isinstance(obj, dict):
        raise CorpusError("expected a JSON object", line)
    missing = [key for key in REQUIRED_KEYS if key not in obj]
    if missing:
        raise CorpusError(f"missing key(s): {', '.join(missing)}", line)
    if not isinstance(obj["id"], str | int) or isinstance(obj["id"], bool):
        raise CorpusError('"id" must be a string or a number', line)
    if not isinstance(obj["text"], str):
        raise CorpusError('"text" must be a string', line)
    for key in ("themes", "recommendations"):
        value = obj[key]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise CorpusError(f'"{key}" must be a list of strings', line)
    unknown = sorted(set(obj["themes"]) - THEME_CODES)
    if unknown:
        raise CorpusError(f"unknown theme code(s): {', '.join(unknown)}", line)
    layout = obj.get("layout", "")
    if not isinstance(layout, str):
        raise CorpusError('"layout" must be a string', line)
    return Record(
        str(obj["id"]),
        obj["text"],
        tuple(dict.fromkeys(obj["themes"])),
        tuple(obj["recommendations"]),
        layout,
    )


def load_jsonl(path: str | Path) -> list[Record]:
    """Read and check a JSON Lines file. Blank lines are skipped. Raises CorpusError naming
    the line for bad JSON, a missing key, a wrong type, an unknown theme code or a repeated id;
    CorpusError without a line if the file cannot be read or holds no records."""
    try:
        with open(path, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise CorpusError(f"cannot read {path}: {error}") from error
    records: list[Record] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as error:
            raise CorpusError(f"invalid JSON ({error.msg}, column {error.colno})", number) from None
        record = parse_record(obj, number)
        if record.id in seen:
            raise CorpusError(f"id {record.id!r} repeats line {seen[record.id]}", number)
        seen[record.id] = number
        records.append(record)
    if not records:
        raise CorpusError(f"{path} holds no records")
    return records


# --- the development / held-out split -----------------------------------------------------

DEVELOPMENT, HELD_OUT = "development", "held-out"
PARTS = (DEVELOPMENT, HELD_OUT, "all")


@dataclass(frozen=True)
class Split:
    """How a corpus is split. Records written before the split (`tuned`: already tuned on)
    are development; every other record is held out when a hash of the seed and its id falls
    below `share`, so the split is fixed and a record added later keeps its part."""

    seed: int
    share: float
    tuned: frozenset[str]

    def part_of(self, record_id: str) -> str:
        if record_id in self.tuned:
            return DEVELOPMENT
        digest = hashlib.sha256(f"{self.seed}:{record_id}".encode()).digest()
        return HELD_OUT if int.from_bytes(digest[:4], "big") / 2**32 < self.share else DEVELOPMENT


def load_split(path: str | Path) -> Split:
    """Read a split file: {"seed": int, "held_out_share": float, "tuned": [ids]}."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
        return Split(int(data["seed"]), float(data["held_out_share"]), frozenset(data["tuned"]))
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise CorpusError(f"cannot read the split {path}: {error}") from error


def select_part(records: list[Record], split: Split | None, part: str) -> list[Record]:
    """The records of one part ("development", "held-out" or "all")."""
    if part not in PARTS:
        raise CorpusError(f"part must be one of {', '.join(PARTS)}")
    if part == "all":
        return list(records)
    if split is None:
        raise CorpusError("this corpus has no split file, so only --part all is possible")
    chosen = [r for r in records if split.part_of(r.id) == part]
    if not chosen:
        raise CorpusError(f"the {part} part holds no records")
    return chosen


def load_part(path: str | Path, part: str, split_path: str | Path | None = None):
    """`(records, split)` of one part of the file at `path`. The split is read from
    `split_path`, or from "split.json" beside the file when there is one."""
    records = load_jsonl(path)
    if split_path is None:
        beside = Path(path).with_name("split.json")
        split_path = beside if beside.exists() else None
    split = load_split(split_path) if split_path else None
    return select_part(records, split, part), split


def _ratio(numerator: int, denominator: int) -> float | None:
    """numerator / denominator, or None when the denominator is 0 (undefined)."""
    return numerator / denominator if denominator else None


def _f1(precision: float | None, recall: float | None) -> float | None:
    if precision is None or recall is None:
        return None
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def evaluate_themes(engine, records: list[Record], threshold: float | None = None) -> dict:
    """Precision, recall and F1 per theme, then micro and macro F1, at `threshold` (the
    engine's default if None).

    Per theme, an undefined ratio (no predictions, or no support) is None. Macro F1 averages
    F1 over the themes with support > 0 or at least one prediction, counting an undefined F1 as
    0 (a theme predicted but never labelled, or labelled but never predicted, scores 0).
    """
    if threshold is None:
        threshold = engine.default_threshold
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    exact = 0
    started = time.perf_counter()
    predictions = []
    if hasattr(engine, "suggest_many"):  # one batch: engines that encode texts need it
        all_suggested = engine.suggest_many([record.text for record in records], threshold)
    else:
        all_suggested = [engine.suggest(record.text, threshold=threshold) for record in records]
    for record, suggested in zip(records, all_suggested, strict=True):
        predicted = {s.code for s in suggested}
        gold = set(record.themes)
        predictions.append({"id": record.id, "predicted": sorted(predicted), "gold": sorted(gold)})
        exact += predicted == gold
        for code in predicted & gold:
            tp[code] += 1
        for code in predicted - gold:
            fp[code] += 1
        for code in gold - predicted:
            fn[code] += 1
    seconds = time.perf_counter() - started

    per_theme = {}
    macro_values = []
    for theme in DEFAULT_THEMES:
        code = theme.code
        support, predicted_n = tp[code] + fn[code], tp[code] + fp[code]
        precision, recall = _ratio(tp[code], predicted_n), _ratio(tp[code], support)
        f1 = _f1(precision, recall)
        if support or predicted_n:
            macro_values.append(f1 or 0.0)
        per_theme[code] = {
            "precision": _round(precision),
            "recall": _round(recall),
            "f1": _round(f1),
            "support": support,
            "predicted": predicted_n,
            "tp": tp[code],
            "fp": fp[code],
            "fn": fn[code],
        }
    total_tp, total_fp, total_fn = sum(tp.values()), sum(fp.values()), sum(fn.values())
    micro_p = _ratio(total_tp, total_tp + total_fp)
    micro_r = _ratio(total_tp, total_tp + total_fn)
    micro_f1 = _f1(micro_p, micro_r)
    return {
        "engine": getattr(engine, "name", type(engine).__name__),
        "threshold": threshold,
        "passages": len(records),
        "micro_precision": _round(micro_p),
        "micro_recall": _round(micro_r),
        "micro_f1": _round(micro_f1 if micro_f1 is not None else 0.0),
        "macro_f1": _round(sum(macro_values) / len(macro_values) if macro_values else 0.0),
        "macro_over": MACRO_OVER,
        "macro_themes": len(macro_values),
        "exact_match": _round(exact / len(records) if records else 0.0),
        "tp": total_tp,
        "fp": total_fp,
        "fn": total_fn,
        "seconds": round(seconds, 4),
        "per_theme": per_theme,
        "records": predictions,
    }


def evaluate_recommendations(records: list[Record]) -> dict:
    """Precision and recall of `extract_recommendations` against the labelled
    recommendations. An extracted recommendation is found when its `normalise`d text equals a
    labelled one's (each labelled one can be matched once). `by_confidence` gives the
    precision of the drafts shown as likely and as doubtful."""
    from safeguarding.documents.pipeline import extract_recommendations, normalise
    from safeguarding.documents.pipeline.recommendations import DOUBTFUL

    found = extra = missed = 0
    documents = []
    bands = {"likely": Counter(), "doubtful": Counter()}
    started = time.perf_counter()
    for record in records:
        gold = Counter(normalise(text) for text in record.recommendations)
        drafts = extract_recommendations(record.text)
        extracted = [normalise(draft.text) for draft in drafts]
        remaining = gold.copy()
        doc_found, doc_extra = 0, []
        for text, draft in zip(extracted, drafts, strict=True):
            band = "doubtful" if draft.confidence < DOUBTFUL else "likely"
            if remaining[text] > 0:
                remaining[text] -= 1
                doc_found += 1
                bands[band]["right"] += 1
            else:
                doc_extra.append(text)
                bands[band]["wrong"] += 1
        doc_missed = list(remaining.elements())
        found, extra, missed = found + doc_found, extra + len(doc_extra), missed + len(doc_missed)
        documents.append(
            {
                "id": record.id,
                "layout": record.layout or "(none)",
                "labelled": sum(gold.values()),
                "extracted": len(extracted),
                "found": doc_found,
                "extra": doc_extra,
                "missed": doc_missed,
            }
        )
    seconds = time.perf_counter() - started
    per_layout: dict[str, dict] = {}
    for doc in documents:
        row = per_layout.setdefault(
            doc["layout"], {"documents": 0, "labelled": 0, "found": 0, "extra": 0, "missed": 0}
        )
        row["documents"] += 1
        row["labelled"] += doc["labelled"]
        row["found"] += doc["found"]
        row["extra"] += len(doc["extra"])
        row["missed"] += len(doc["missed"])
    for row in per_layout.values():
        row["precision"] = _round(_ratio(row["found"], row["found"] + row["extra"]))
        row["recall"] = _round(_ratio(row["found"], row["found"] + row["missed"]))
    return {
        "documents": len(records),
        "precision": _round(_ratio(found, found + extra)),
        "recall": _round(_ratio(found, found + missed)),
        "found": found,
        "extra": extra,
        "missed": missed,
        "seconds": round(seconds, 4),
        "by_confidence": {
            band: {
                "drafts": counts["right"] + counts["wrong"],
                "precision": _round(_ratio(counts["right"], counts["right"] + counts["wrong"])),
            }
            for band, counts in bands.items()
        },
        "per_layout": dict(sorted(per_layout.items())),
        "per_document": documents,
    }


def simulated_decisions(
    engine, records: list[Record], threshold: float | None = None, add_missed: bool = True
) -> list[tuple[str, str, bool]]:
    """What a careful reviewer would record on `records`: every suggestion at the threshold is
    accepted if its code is labelled and rejected if not; with `add_missed`, every labelled
    code the engine did not suggest is added as accepted (the reviewer tags it by hand).
    Returns `(text, code, accepted)` examples, the evidence passage as the text."""
    examples: list[tuple[str, str, bool]] = []
    suggested = engine.suggest_many([record.text for record in records], threshold)
    for record, suggestions in zip(records, suggested, strict=True):
        gold = set(record.themes)
        for suggestion in suggestions:
            examples.append((suggestion.evidence, suggestion.code, suggestion.code in gold))
        if add_missed:
            seen = {suggestion.code for suggestion in suggestions}
            examples.extend((record.text, code, True) for code in sorted(gold - seen))
    return examples


def fold_of(records: list[Record], folds: int) -> list[int]:
    """A fold number per record: records in a fixed shuffled order (seeded), dealt out in
    turn, so every run splits the same way."""
    import random

    order = list(range(len(records)))
    random.Random(2026).shuffle(order)  # noqa: S311 (a repeatable split, not security)
    fold = [0] * len(records)
    for position, index in enumerate(order):
        fold[index] = position % folds
    return fold


def evaluate_feedback(
    engine,
    records: list[Record],
    folds: int = 5,
    threshold: float | None = None,
    add_missed: bool = True,
) -> dict:
    """Do recorded decisions improve later suggestions? k-fold cross-validation: for each
    fold, the engine (without feedback) is scored on the held-out fold ("before"); a
    simulated reviewer then decides on the engine's suggestions for the other folds
    (`simulated_decisions`), the engine learns those decisions, and the held-out fold is
    scored again ("after"). The held-out passages are never seen in feedback."""
    if folds < 2 or folds > len(records):
        raise ValueError(f"folds must be between 2 and {len(records)}")
    fold = fold_of(records, folds)
    started = time.perf_counter()
    rows = []
    for k in range(folds):
        train = [r for r, f in zip(records, fold, strict=True) if f != k]
        test = [r for r, f in zip(records, fold, strict=True) if f == k]
        engine.learn([])
        before = evaluate_themes(engine, test, threshold)
        examples = simulated_decisions(engine, train, threshold, add_missed)
        engine.learn(examples)
        after = evaluate_themes(engine, test, threshold)
        engine.learn([])
        rows.append(
            {
                "fold": k + 1,
                "passages": len(test),
                "examples": len(examples),
                "accepted": sum(1 for e in examples if e[2]),
                "rejected": sum(1 for e in examples if not e[2]),
                **{
                    f"before_{m}": before[m]
                    for m in ("micro_f1", "macro_f1", "micro_precision", "micro_recall")
                },
                **{
                    f"after_{m}": after[m]
                    for m in ("micro_f1", "macro_f1", "micro_precision", "micro_recall")
                },
            }
        )
    seconds = time.perf_counter() - started

    def mean(key):
        values = [row[key] for row in rows if row[key] is not None]
        return _round(sum(values) / len(values)) if values else None

    return {
        "engine": getattr(engine, "name", type(engine).__name__),
        "threshold": engine.default_threshold if threshold is None else threshold,
        "passages": len(records),
        "folds": folds,
        "add_missed": add_missed,
        **{
            f"{when}_{m}": mean(f"{when}_{m}")
            for when in ("before", "after")
            for m in ("micro_f1", "macro_f1", "micro_precision", "micro_recall")
        },
        "seconds": round(seconds, 4),
        "per_fold": rows,
    }
