"""Find the parts of a review report by their headings.

Kinds: "executive_summary", "findings" (findings, key findings, learning, lessons, analysis,
themes), "recommendations" and "action_plan". A heading is recognised when, after any
numbering ("3.", "3.1", "Section 4:", "Part B -", "iv.") and a trailing colon are stripped,
it starts with one of those names, is short, and does not end like a sentence. It can be:

- a heading paragraph (DOCX heading style or outline level, HTML h1-h6, a PDF line set in a
  larger or bold font, a "#" line in a text file);
- a short line standing alone: a paragraph of its own, or the first line of one;
- anywhere inside a paragraph, when the line is exactly the name ("Recommendations",
  "3. Key findings"), which catches PDFs whose headings look like body text.

Lines with dot leaders or a trailing page number (a table of contents) are never headings.

A section runs from its heading to the next heading at the same or a higher level (when both
levels are known), or to the next recognised heading of any kind. Other headings
("Introduction", "Appendix 1", any heading paragraph) end sections too, so a recommendations
section does not run on into the appendices. Sections can nest (a "Recommendations"
sub-heading inside "Findings and learning").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .extract import Document, Paragraph
from .markers import marker

KINDS = ("executive_summary", "findings", "recommendations", "action_plan")

_NUMBERING = re.compile(
    r"^\s*(?:(?:section|part|chapter)\s+[\w.]+\s*[:.\-–—]?\s*"
    r"|\d{1,2}(?:\.\d{1,2})*\.?\)?\s+"
    r"|[ivx]{1,5}[.)]\s+"
    r"|[a-z][.)]\s+)",
    re.I,
)
_TOC = re.compile(r"(\.{3,}|…|_{3,}|\s\d{1,3}$)")
_NUMBERED_NAME = re.compile(
    r"(appendix|annex|part|section|chapter|phase|stage|table|figure|finding|theme)\s+\d{1,3}$", re.I
)

_PATTERNS = (
    (
        "executive_summary",
        r"(executive\s+summary|summary(\s+of\s+(the\s+)?(review|report|case))?$|overview$"
        r"|(report\s+)?summary$)",
    ),
    ("action_plan", r"((multi[- ]?agency\s+|partnership\s+|single[- ]agency\s+)?action\s+plans?)"),
    (
        "recommendations",
        r"(?!(implementation|progress|monitoring|response|update|responses)\b)"
        r"(([\w'’&/,\-]+\s+){0,6}recommendations\b|recommendation$"
        r"|what\s+(needs\s+to|must|should)\s+change\b"
        r"|what\s+(the\s+|this\s+)?(\w+\s+)?recommends?\b)",
    ),
    (
        "findings",
        r"((key\s+|main\s+|summary\s+of\s+(the\s+)?)?findings\b|(key\s+|main\s+)?learning\b"
        r"|lessons\s+(learn[te]d|to\s+be\s+learn[te]d|for)\b|lessons$|(the\s+)?analysis\b"
        r"|(key\s+|main\s+)?themes\b|(key\s+)?issues\s+identified|what\s+we\s+found)",
    ),
)
_COMPILED = [(kind, re.compile(pattern, re.I)) for kind, pattern in _PATTERNS]
_OTHER = re.compile(
    r"(appendix\b.*|appendices\b.*|annex\b.*|introduction|background|conclusions?|glossary|references"
    r"|bibliography|terms\s+of\s+reference|methodology|methods?|contents|acknowledgements?"
    r"|next\s+steps|chronology|the\s+review\s+process|review\s+process|scope|purpose"
    r"|good\s+practice|family|context|about\s+this\s+report|foreword|preface)$",
    re.I,
)


# Headings that can stand under a recommendation (its context, the good practice beside it)
# without ending the recommendations section.
_MINOR = re.compile(
    r"(context|background|purpose|scope|good\s+practice|family|what\s+we\s+found|"
    r"why\s+(this|it)\s+matters|rationale|evidence|finding(\s+\d{1,2})?)$",
    re.I,
)


@dataclass
class Section:
    kind: str
    title: str
    start_page: int
    text: str
    level: int | None = None
    paragraphs: list[Paragraph] = field(default_factory=list, repr=False)


def heading_kind(line: str, *, any_case: bool = False) -> str | None:
    """The section kind a heading names, "other" for a known non-section heading, else None.

    `any_case` accepts a heading that starts in lower case (for styled heading paragraphs).
    """
    text = line.strip()
    if not text or len(text) > 100 or (_TOC.search(text) and not _NUMBERED_NAME.search(text)):
        return None
    text = _NUMBERING.sub("", text, count=1).strip().rstrip(":").strip()
    if not text or len(text.split()) > 10 or text.endswith((".", ",", ";", "?")):
        return None
    if not (any_case or text[0].isupper() or text[0].isdigit()):
        return None
    if re.match(r"recommendation\s+(\d|[a-z]+\s*[:.\-–—])", text, re.I):
        return None  # "Recommendation 1: ..." is an item, not a heading
    for kind, pattern in _COMPILED:
        if pattern.match(text):
            return kind
    if _OTHER.match(text):
        return "other"
    return None


def _exact(line: str) -> bool:
    """A line that is nothing but a section name (after numbering), safe anywhere."""
    text = _NUMBERING.sub("", line.strip(), count=1).strip().rstrip(":").strip()
    return len(text.split()) <= 3 and heading_kind(line) in KINDS


def _title_line(line: str) -> bool:
    text = line.strip()
    return bool(text) and len(text) <= 90 and not text.endswith((".", ",", ";", ":"))


def split_headings(document: Document) -> list[Paragraph]:
    """The paragraph flow with heading-like lines cut out into paragraphs of their own."""
    flow: list[Paragraph] = []
    for para in document.paragraphs:
        if para.heading_level is not None or para.table is not None or "\n" not in para.text:
            flow.append(para)
            continue
        lines = para.lines
        current: list[str] = []
        for i, line in enumerate(lines):
            # a wrapped line of body text goes on in lower case; a heading's next line does not
            following = lines[i + 1].strip() if i + 1 < len(lines) else ""
            if following[:1].islower() and marker(following) is None:
                candidate = False
            elif i == 0:
                candidate = heading_kind(line) is not None
            else:
                # a section name below a title line ("Thematic review: Child E" then
                # "Section 5 - What needs to change"), or a short exact name anywhere
                candidate = _exact(line) or (
                    heading_kind(line) in KINDS and all(_title_line(c) for c in current)
                )
            if candidate:
                if current:
                    flow.append(Paragraph("\n".join(current), para.page))
                    current = []
                flow.append(Paragraph(line, para.page))
            else:
                current.append(line)
        if current:
            flow.append(Paragraph("\n".join(current), para.page))
    return flow


def _classify(para: Paragraph) -> tuple[str | None, int | None]:
    """(kind or "other" or None, level) for one paragraph of the flow."""
    if para.table is not None or "\n" in para.text:
        return None, None
    if para.heading_level is not None:
        return heading_kind(para.text, any_case=True) or "other", para.heading_level
    if para.list_label:
        return None, None
    return heading_kind(para.text), None


def find_sections(document: Document) -> list[Section]:
    flow = split_headings(document)
    headings = []
    for index, para in enumerate(flow):
        kind, level = _classify(para)
        if kind is not None:
            headings.append((index, kind, level))
    sections = []
    for position, (index, kind, level) in enumerate(headings):
        if kind == "other":
            continue
        end = len(flow)
        for later_index, later_kind, later_level in headings[position + 1 :]:
            if level is not None and later_level is not None and later_level > level:
                continue  # a sub-heading
            if (
                kind == "recommendations"
                and later_kind in ("other", "findings")
                and _MINOR.match(
                    _NUMBERING.sub("", flow[later_index].text.strip(), count=1).strip().rstrip(":")
                )
            ):
                continue  # "Context" or "Good practice" under a recommendation
            end = later_index
            break
        body = flow[index + 1 : end]
        sections.append(
            Section(
                kind=kind,
                title=flow[index].text.strip(),
                start_page=flow[index].page,
                text="\n".join(p.text for p in body),
                level=level,
                paragraphs=body,
            )
        )
    return sections
