"""Find a report's numbered recommendations and propose them as drafts.

Where to look, in order, stopping at the first place that gives any:

1. The recommendations section(s) (see `sections.py`). Inside one, every form counts, and
   only the strongest form present is taken: "Recommendation 1:" / "Recommendation One",
   then "R1:", "1." / "1)" / "7.1", "(a)" / "a)", bullets, and last plain paragraphs that
   ask someone to act ("should", "must"). So report paragraph numbering and sub-lists under
   an item do not become items, and numbered sentences about the recommendations ("6.1 The
   panel makes the following recommendations") are dropped. A recommendations table in the
   section is used when it gives at least as many items. Several recommendations sections
   whose numbers never repeat are put together (1-3 for the Board, 4-6 for the ICB); when
   numbers repeat (a summary, then the full text) the section with most items wins, the
   later one on a tie.
2. Items marked "Recommendation N" or "RN" anywhere else, outside any action plan (reports
   that give each recommendation under its finding). The same number found twice keeps
   the longer text.
3. A recommendations table anywhere (action plans included), then "Recommendation N" items
   inside the action plan.

Plain numbered lists and bullets outside a recommendations section are never taken, so
numbered findings elsewhere are not mistaken for recommendations.

An item's text is its first line after the marker, the lines that follow in the same
paragraph, and following paragraphs while they are sub-items ("(a)", "i.", bullets under a
numbered item) or while the text so far ends with a colon. A marker alone on its line
("Recommendation 1" as a bold heading) takes the paragraph after it. Lines are joined with
single spaces; a line ending in a hyphen joins the next without a space ("multi-" +
"agency").

`source` says how each was found: "recommendation_label", "r_label", "numbered_list",
"lettered_list", "bulleted_list", "table" or "paragraph".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .extract import Document, Paragraph, text_document
from .sections import Section, find_sections, heading_kind, split_headings

_WORDS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
).split()
WORD_NUMBERS = {word: str(i) for i, word in enumerate(_WORDS, start=1)}
_WORD_RE = "|".join(_WORDS)

_SEP = r"(?:\s*[:.\-–—)]\s*|\s*$|\s+(?=[A-Z“\"']))"
EXPLICIT = re.compile(
    rf"^(?:recommendation|rec\.?)\s+(?P<num>\d{{1,3}}(?:\.\d{{1,2}})*[a-z]?|{_WORD_RE})\b"
    rf"{_SEP}(?P<rest>.*)$",
    re.I,
)
R_LABEL = re.compile(rf"^R\s?(?P<num>\d{{1,3}}[a-z]?)\b{_SEP}(?P<rest>.*)$")
NUMBERED = re.compile(
    r"^(?:\(?(?P<num>\d{1,2})(?:[.):]|\.\))(?:\s+(?P<rest>\S.*)|\s*$)"
    r"|(?P<dotted>\d{1,2}(?:\.\d{1,2})+)\.?(?:\s+(?P<drest>\S.*)|\s*$)"
    r"|(?P<bare>\d{1,2})\s+(?P<brest>[A-Z“\"'].*))$"
)
LETTERED = re.compile(
    r"^(?:\((?P<a>[a-zA-Z])\)|(?P<b>[a-zA-Z])\)|(?P<c>[a-z])\.)\s+(?P<rest>\S.*)$"
)
ROMAN = re.compile(r"^\(?(?:[ivx]{1,5})[.)]\s+\S", re.I)
BULLET = re.compile(r"^[•●▪◦‣∙·\-–*\uf0b7\uf0a7\uf076\uf0d8\uf0fc]\s*(?P<rest>\S.*)$")

FORMS = (
    "recommendation_label",
    "r_label",
    "numbered_list",
    "lettered_list",
    "bulleted_list",
    "paragraph",
)
# A sentence about the recommendations rather than one of them ("The panel makes the
# following recommendations:"), when it is numbered like the items.
PREAMBLE = re.compile(
    r"\brecommendations\b.{0,60}\b(follow|below|are\s+(as\s+)?follows|set\s+out)"
    r"|\b(makes?|made|following|these|the\s+review'?s?|our)\s+(\w+\s+){0,2}recommendations\b",
    re.I,
)
# A plain paragraph that asks someone to act, for sections with no list markers at all.
ASKS = re.compile(
    r"\b(should|must|needs?\s+to|(is|are)\s+asked\s+to|(is|are)\s+recommended\s+to|ought\s+to)\b",
    re.I,
)


@dataclass(frozen=True)
class DraftRecommendation:
    """One draft. `confidence` (0 to 1) says how sure the reading is; `doubts` says why it
    is lower, in words for the person checking the drafts (empty when there is no doubt)."""

    number: str
    text: str
    page: int | None
    source: str
    confidence: float = 1.0
    doubts: tuple[str, ...] = ()


@dataclass
class _Unit:
    text: str
    page: int
    para: int
    heading: bool


def _marker(form: str, text: str) -> tuple[str, str] | None:
    """(number, rest of line) when `text` starts with this form's marker."""
    if form == "recommendation_label":
        m = EXPLICIT.match(text)
        if m:
            num = m.group("num").lower()
            return WORD_NUMBERS.get(num, num), m.group("rest")
    elif form == "r_label":
        m = R_LABEL.match(text)
        if m:
            return m.group("num"), m.group("rest")
    elif form == "numbered_list":
        m = NUMBERED.match(text)
        if m:
            number = m.group("num") or m.group("dotted") or m.group("bare")
            return number, m.group("rest") or m.group("drest") or m.group("brest") or ""
    elif form == "lettered_list":
        m = LETTERED.match(text)
        if m:
            return (m.group("a") or m.group("b") or m.group("c")).lower(), m.group("rest")
    elif form == "bulleted_list":
        m = BULLET.match(text)
        if m:
            return "", m.group("rest")
    return None


def _paragraph_items(units: list[_Unit]) -> list[DraftRecommendation]:
    """Each plain paragraph that asks someone to act, numbered in order."""
    paragraphs: dict[int, list[_Unit]] = {}
    for unit in units:
        if not unit.heading and unit.text:
            paragraphs.setdefault(unit.para, []).append(unit)
    found = []
    for group in paragraphs.values():
        text = _join([u.text for u in group])
        if ASKS.search(text) and not PREAMBLE.search(text) and not text.endswith(":"):
            found.append(DraftRecommendation(str(len(found) + 1), text, group[0].page, "paragraph"))
    return found


def _sub_item(text: str) -> bool:
    return bool(
        LETTERED.match(text)
        or ROMAN.match(text)
        or BULLET.match(text)
        or NUMBERED.match(text)
        or text.startswith("o ")
    )


def _join(lines: list[str]) -> str:
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if out.endswith("-") and len(out) > 1 and out[-2].isalpha() and line[:1].islower():
            out += line
        elif out:
            out += " " + line
        else:
            out = line
    return re.sub(r"\s+", " ", out).strip()


def _units(paragraphs: list[Paragraph]) -> list[_Unit]:
    units = []
    for index, para in enumerate(paragraphs):
        if para.table is not None:
            units.append(_Unit("", para.page, index, True))  # a table ends any item
            continue
        heading = para.heading_level is not None or (
            "\n" not in para.text and heading_kind(para.text) is not None
        )
        for line in para.lines:
            if line.strip():
                units.append(_Unit(line.strip(), para.page, index, heading))
    return units


def _items(units: list[_Unit], form: str) -> list[DraftRecommendation]:
    if form == "paragraph":
        return _paragraph_items(units)
    labels = form in ("recommendation_label", "r_label")  # "Recommendation 1" may be a heading
    marks = [(i, _marker(form, u.text)) for i, u in enumerate(units) if labels or not u.heading]
    marks = [(i, m) for i, m in marks if m is not None]
    if form == "numbered_list" and any("." not in m[0] for _, m in marks):
        marks = [(i, m) for i, m in marks if "." not in m[0]]  # "1.1" are sub-items of "1."
    if not marks:
        return []
    starts = {i for i, _ in marks}
    found: list[DraftRecommendation] = []
    for n, (i, (number, rest)) in enumerate(marks, start=1):
        lines = [rest] if rest.strip() else []
        para = units[i].para
        j = i + 1
        while j < len(units) and j not in starts and not units[j].heading:
            unit = units[j]
            if unit.para != para:
                text_so_far = _join(lines)
                if text_so_far and not (text_so_far.endswith(":") or _sub_item(unit.text)):
                    break
                para = unit.para
            lines.append(unit.text)
            j += 1
        text = _join(lines)
        if text and (labels or not PREAMBLE.search(text)):
            found.append(DraftRecommendation(number or str(n), text, units[i].page, form))
    return _dedupe(found)


def _dedupe(items: list[DraftRecommendation]) -> list[DraftRecommendation]:
    """One item per number, keeping the longer text, in first-seen order."""
    best: dict[str, DraftRecommendation] = {}
    for item in items:
        key = item.number.lower()
        if key not in best or len(item.text) > len(best[key].text):
            best[key] = item
    order = list(dict.fromkeys(item.number.lower() for item in items))
    return [best[key] for key in order]


def _from_paragraphs(
    paragraphs: list[Paragraph], forms: tuple[str, ...] = FORMS
) -> list[DraftRecommendation]:
    units = _units(paragraphs)
    for form in forms:
        items = _items(units, form)
        if items:
            return items
    return []


# --- tables -----------------------------------------------------------------------------

_REC_HEADER = re.compile(
    r"^(the\s+)?(recommendations?|recommendation\s+(text|made|description|wording)|"
    r"what\s+we\s+recommend)$",
    re.I,
)
_NUM_HEADER = re.compile(
    r"^(no\.?|number|num\.?|#|ref\.?|reference|item|rec\.?(\s*(no\.?|number|ref\.?))?|"
    r"recommendation\s*(no\.?|number|ref\.?|reference|#))$",
    re.I,
)
_NUM_CELL = re.compile(
    r"^(?:R|Rec\.?\s*|Recommendation\s*)?(\d{1,3}(?:\.\d{1,2})*[a-z]?)[.):]?$", re.I
)


def _clean(cell: str) -> str:
    return re.sub(r"\s+", " ", cell).strip().rstrip(":").strip()


def table_recommendations(table: list[list[str]], page: int | None) -> list[DraftRecommendation]:
    """Recommendations from a table with a recommendation column (and maybe a number one)."""
    rec_col = num_col = None
    header_row = -1
    for r, row in enumerate(table[:3]):
        cells = [_clean(c) for c in row]
        recs = [i for i, c in enumerate(cells) if _REC_HEADER.match(c)]
        nums = [i for i, c in enumerate(cells) if _NUM_HEADER.match(c)]
        if recs:
            rec_col, header_row = recs[0], r
            num_col = nums[0] if nums and nums[0] != rec_col else None
            break
    if rec_col is None:
        body = [row for row in table if len(row) >= 2]
        numbered = [row for row in body if _NUM_CELL.match(_clean(row[0]))]
        if len(body) < 1 or len(numbered) < max(1, (len(body) * 2 + 2) // 3):
            return _explicit_cells(table, page)
        widths = [0] * max(len(row) for row in body)
        for row in numbered:
            for i, cell in enumerate(row[1:], start=1):
                widths[i] += len(cell.split())
        rec_col = max(range(1, len(widths)), key=lambda i: widths[i])
        if widths[rec_col] < 3 * len(numbered):
            return []
        num_col = 0
    numbered_only = header_row < 0
    found = []
    for n, row in enumerate(table[header_row + 1 :], start=1):
        if rec_col >= len(row):
            continue
        text = re.sub(r"\s+", " ", row[rec_col]).strip()
        if not text:
            continue
        number = ""
        if num_col is not None and num_col < len(row):
            m = _NUM_CELL.match(_clean(row[num_col]))
            if numbered_only and not m:
                continue  # a header-less table: only the numbered rows are items
            number = m.group(1) if m else _clean(row[num_col])
        for form in ("recommendation_label", "r_label", "numbered_list"):
            marker = _marker(form, text)
            if marker and marker[1].strip():
                number = number or marker[0]
                text = marker[1].strip()
                break
        found.append(DraftRecommendation(number or str(n), text, page, "table"))
    return _dedupe(found)


def _explicit_cells(table: list[list[str]], page: int | None) -> list[DraftRecommendation]:
    found = []
    for row in table:
        for cell in row:
            marker = _marker("recommendation_label", cell.strip()) or _marker(
                "r_label", cell.strip()
            )
            if marker and marker[1].strip():
                found.append(DraftRecommendation(marker[0], _join([marker[1]]), page, "table"))
                break
    return _dedupe(found)


def _tables_in(document: Document, paragraphs: list[Paragraph]) -> list[DraftRecommendation]:
    """The best table's recommendations among the tables in these paragraphs."""
    pages: dict[int, int] = {}
    for para in paragraphs:
        if para.table is not None:
            pages.setdefault(para.table, para.page)
    best: list[DraftRecommendation] = []
    for index, page in pages.items():
        items = table_recommendations(document.tables[index], page)
        if len(items) > len(best):
            best = items
    return best


# --- the whole document -----------------------------------------------------------------


def extract_recommendations(
    document_or_text: Document | str, sections: list[Section] | None = None
) -> list[DraftRecommendation]:
    """Draft recommendations from a Document (or from plain text).

    `sections` are the document's sections when the caller has already found them.
    """
    if isinstance(document_or_text, str):
        document = text_document(document_or_text)
    else:
        document = document_or_text
    if sections is None:
        sections = find_sections(document)

    groups: list[list[DraftRecommendation]] = []
    for section in (s for s in sections if s.kind == "recommendations"):
        from_tables = _tables_in(document, section.paragraphs)
        from_text = _from_paragraphs(section.paragraphs)
        items = from_tables if len(from_tables) >= len(from_text) else from_text
        if items:
            groups.append(items)
    if groups:
        return _combine(groups)

    in_action_plan: set[Paragraph] = set()
    for section in (s for s in sections if s.kind == "action_plan"):
        in_action_plan.update(section.paragraphs)
    flow = split_headings(document)
    outside = [p for p in flow if p not in in_action_plan]
    labelled = _from_paragraphs(outside, ("recommendation_label", "r_label"))
    if labelled:
        return labelled
    tables = _tables_in(document, flow)
    if tables:
        return tables
    inside = [p for p in flow if p in in_action_plan]
    return _from_paragraphs(inside, ("recommendation_label", "r_label"))


def _combine(groups: list[list[DraftRecommendation]]) -> list[DraftRecommendation]:
    """Items from several recommendations sections.

    Numbers that never repeat (recommendations grouped under sub-headings, 1-3 then 4-6)
    are put together; numbers that repeat mean the same list twice (a summary and the full
    text), so the section with most items wins, the later one on a tie.
    """
    if len(groups) == 1:
        return groups[0]
    seen: set[str] = set()
    for group in groups:
        numbers = {item.number.lower() for item in group}
        if numbers & seen or any(item.source in ("bulleted_list", "paragraph") for item in group):
            break
        seen |= numbers
    else:
        return [item for group in groups for item in group]
    best = groups[0]
    for group in groups[1:]:
        if len(group) >= len(best):
            best = group
    return best


# --- matching for evaluation ------------------------------------------------------------

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"'})
_DASHES = str.maketrans({"–": "-", "—": "-", "‒": "-", "−": "-", "‐": "-", "‑": "-"})
_PREFIXES = (
    re.compile(rf"^(?:recommendation|rec\.?)\s+(?:\d+(?:\.\d+)*[a-z]?|{_WORD_RE})\b\s*[:.\-)]?\s*"),
    re.compile(r"^r\s?\d+[a-z]?\b\s*[:.\-)]?\s*"),
    re.compile(r"^\(?\d{1,3}(?:\.\d{1,3})*[.):]?\)?\s+"),
    re.compile(r"^\(?[a-z][.)]\s+|^\([a-z]\)\s*"),
    re.compile(r"^\(?[ivx]{1,5}[.)]\s+"),
    re.compile(r"^[•●▪◦‣∙·*\-]\s+"),
)


def normalise(text: str) -> str:
    """Text for matching: Unicode-normalised, lower case, single spaces, no leading number.

    Strips leading markers such as "Recommendation 3:", "Recommendation Three -", "R3",
    "3.", "3.1", "(a)", "iv)", bullets; straightens quotes and dashes; joins "multi- agency";
    drops trailing full stops, semicolons and commas.
    """
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).translate(_DASHES).lower()
    text = re.sub(r"\s+", " ", text).strip()
    for _ in range(3):
        before = text
        for prefix in _PREFIXES:
            text = prefix.sub("", text, count=1).strip()
        if text == before:
            break
    text = re.sub(r"(?<=[a-z])- (?=[a-z])", "-", text)
    return text.rstrip(" .;,")
