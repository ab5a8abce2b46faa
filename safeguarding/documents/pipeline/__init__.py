"""The document pipeline: uploaded bytes in, text, sections and draft recommendations out.

Plain Python with no Django import, so it can be tested, evaluated and benchmarked alone and
run in any worker. See docs/documents.md. `extract()` lives in `.extract` (the module keeps
its name here, so `pipeline.extract` is the module, not the function).
"""

from .errors import DocumentError
from .extract import Document, Page, Paragraph, text_document
from .process import Result, process
from .recommendations import DraftRecommendation, extract_recommendations, normalise
from .sections import Section, find_sections

__all__ = [
    "Document",
    "DocumentError",
    "DraftRecommendation",
    "Page",
    "Paragraph",
    "Result",
    "Section",
    "extract_recommendations",
    "find_sections",
    "normalise",
    "process",
    "text_document",
]
