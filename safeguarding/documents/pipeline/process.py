"""The whole pipeline for one uploaded file: check, extract, find sections and recommendations.

`process()` raises `DocumentError` for a file it refuses (nothing is kept) and otherwise
returns a `Result` with the seconds each step took, for logs and the benchmark.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from .extract import (
    DEFAULT_MAX_PAGES,
    DEFAULT_MAX_RATIO,
    DEFAULT_MAX_UNCOMPRESSED,
    Document,
    extract,
)
from .recommendations import DraftRecommendation, extract_recommendations
from .sections import Section, find_sections


@dataclass
class Result:
    document: Document
    sections: list[Section]
    recommendations: list[DraftRecommendation]
    timings: dict[str, float] = field(default_factory=dict)


def process(
    data: bytes,
    filename: str,
    *,
    max_bytes: int,
    max_uncompressed: int = DEFAULT_MAX_UNCOMPRESSED,
    max_ratio: float = DEFAULT_MAX_RATIO,
    max_pages: int = DEFAULT_MAX_PAGES,
) -> Result:
    started = time.perf_counter()
    document = extract(
        data,
        filename,
        max_bytes=max_bytes,
        max_uncompressed=max_uncompressed,
        max_ratio=max_ratio,
        max_pages=max_pages,
    )
    extracted = time.perf_counter()
    sections = find_sections(document)
    sectioned = time.perf_counter()
    recommendations = extract_recommendations(document, sections)
    finished = time.perf_counter()
    timings = {
        "extract": extracted - started,
        "sections": sectioned - extracted,
        "recommendations": finished - sectioned,
        "total": finished - started,
    }
    return Result(document, sections, recommendations, timings)
