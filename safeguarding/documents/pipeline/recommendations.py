"""Find a report's recommendations and propose them as drafts, each with a confidence.

Where to look, in order, stopping at the first place that gives any:

1. The recommendations section(s) (see `sections.py`: "Recommendations", "7. Conclusions and
   recommendations", "What needs to change", sub-headings "National recommendations" ...).
2. Lists introduced by a lead-in sentence anywhere ("The review recommends that:"), items
   marked "Recommendation N" or with a code ("R3", "SAR 2") anywhere outside an action plan,
   and sentences such as "The review recommends that ..." or "It is recommended that ...".
3. A table with a recommendation column anywhere (action plans included).

Inside a place, the text is cut into blocks (`_blocks`): a line that starts with a marker
(`markers.py`: "Recommendation 3:", "R3", "Police 1 –", "6.1.1", "3.", "(a)", "iv.", "•")
starts an item and the lines after it in its paragraph continue it; a sub-item of another
family continues an item that ends with a colon ("The ICB should: (a) ...; (b) ..."); a
heading line ("Recommendation 3", "3. Professional curiosity") takes the paragraph after it as
its text and the paragraphs after that are its rationale, not recommendations. Sub-headings
and lead-ins decide whether what follows is made of recommendations ("Recommendations for the
ICB", "The panel recommends that:") or not ("Questions for the Board to consider", "Actions
already taken", "Good practice", "Learning points", "Findings"). In paragraphs without
markers, each sentence that asks someone to act is an item, with the sentences that carry
it on ("This should include ...").

An item's words are its own: the marker, a code or agency label ("Police 1 –"), a theme label
("Information sharing:") and sentences of finding before the recommending sentence are taken
off; "The review recommends that" is kept (the evaluation's `normalise` drops it). Items that
ask a question, or tell what has been done ("has introduced", "should have"), are dropped.

Tables are read by their header row's meaning: the recommendation column is taken, and the
action, lead, owner, date and status columns are not; a recommendation repeated on several
action rows counts once.

Each draft carries a confidence (0 to 1) and, when it is lower, the reasons in plain words,
so that a person checks the doubtful drafts first. `source` says how each was found:
"recommendation_label", "r_label", "agency_label", "numbered_list", "lettered_list",
"bulleted_list", "table", "paragraph" or "prose".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .extract import Document, Paragraph, text_document
from .markers import (
    MODAL,
    NARRATIVE,
    PASSIVE_ASK,
    RECOMMENDS,
    WORD_RE,
    Marker,
    asks_for_action,
    is_bare_lead_in,
    is_lead_in,
    is_rationale,
    looks_retrospective,
    marker,
    modal_ask,
    sentences,
    starts_lower,
    strip_label,
)
from .sections import Section, find_sections, heading_kind, split_headings


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


# A draft read with less confidence than this is doubtful: shown first, for a person to check.
DOUBTFUL = 0.6
DOUBT_NO_ASK = "it has no word such as should, must or is asked to"
DOUBT_PARAGRAPH = "it was read from a paragraph, not a numbered or bulleted list"
DOUBT_OUTSIDE = "it was found outside the recommendations section"
DOUBT_LONG = "it is long, so it may hold more than one recommendation or its reasons"
DOUBT_SHORT = "it is very short"
DOUBT_NUMBERLESS_TABLE = "it was read from a table without a recommendation column heading"

# --- sub-headings and lead-ins ------------------------------------------------------------

_NEGATIVE_HEADING = re.compile(
    r"^(?:\d{1,2}(?:\.\d{1,2})*\.?\s+|[a-z]\)\s+)?(?:key\s+|some\s+|further\s+|immediate\s+|"
    r"interim\s+|early\s+)?"
    r"(?:questions?|issues?\s+for|matters?\s+for|points?\s+for|things\s+to\s+consider|"
    r"actions?\s+(?:already\s+|that\s+have\s+been\s+|since\s+)?(?:taken|completed|undertaken|"
    r"implemented|in\s+place|to\s+date)|"
    r"(?:single|multi)[- ]agency\s+(?:actions?|learning|improvements?|changes?|developments?)|"
    r"what\s+(?:has|have)\s+(?:already\s+)?(?:changed|happened|been\s+done)|"
    r"changes?\s+(?:already\s+|that\s+have\s+been\s+)?(?:made|in\s+place)|"
    r"(?:areas\s+of\s+)?(?:good|notable|positive|effective)\s+practice|strengths|"
    r"learning(?:\s+points?|\s+identified|\s+for)?|lessons?|areas?\s+for\s+learning|"
    r"findings?|what\s+we\s+found|terms\s+of\s+reference|scope|methodology|"
    r"progress|improvements?\s+(?:already\s+)?made|since\s+the\b|decision|the\s+panel'?s?\s+"
    r"(?:view|decision)|background|context|appendix|annex|glossary|"
    r"references|dissemination|implementation|next\s+steps|monitoring)\b",
    re.I,
)
_POSITIVE_HEADING = re.compile(r"\brecommend|\bwhat\s+(?:needs\s+to|must|should)\s+change", re.I)


def _heading_mood(text: str) -> str:
    """ "positive" for a heading that introduces recommendations, "negative" for one that
    introduces something else, "label" for any other short title (a recommendation's own
    heading, "Professional curiosity")."""
    text = text.strip().rstrip(":").strip()
    if _POSITIVE_HEADING.search(text) and not re.search(
        r"\b(progress|implementation|monitoring)\s+(on|of)\b", text, re.I
    ):
        return "positive"
    if _NEGATIVE_HEADING.match(text):
        return "negative"
    return "label"


def _title_like(text: str) -> bool:
    """A short line that names something rather than saying it: a sub-heading."""
    text = text.strip()
    words = text.split()
    if not words or len(words) > 10 or len(text) > 90:
        return False
    if text.endswith((".", ";", ",", "?", "!")) and not re.search(r"\b(?:no|ref)\.$", text, re.I):
        return False
    if not (text[0].isupper() or text[0].isdigit()):
        return False
    return not (asks_for_action(text, imperative=False) and not text.endswith(":"))


# --- units and blocks ---------------------------------------------------------------------


@dataclass
class _Unit:
    text: str
    page: int
    para: int
    heading: bool = False
    table: int | None = None


@dataclass
class _Block:
    kind: str  # "heading", "label", "marked", "plain", "table"
    page: int
    para: int
    lines: list[str] = field(default_factory=list)
    marker: Marker | None = None
    table: int | None = None
    sub_family: str | None = None  # the family of the sub-items joined into this item

    @property
    def text(self) -> str:
        return _join(self.lines)


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
            units.append(_Unit("", para.page, index, table=para.table))
            continue
        heading = para.heading_level is not None or (
            "\n" not in para.text and heading_kind(para.text) is not None
        )
        label = getattr(para, "list_label", None)
        for n, line in enumerate(para.lines):
            if line.strip():
                text = line.strip()
                if label and n == 0 and not marker(text):
                    text = f"{label} {text}"
                units.append(_Unit(text, para.page, index, heading))
    return units


def _wrapped(lines: list[str]) -> bool:
    """Whether a paragraph's lines are one text wrapped at a width (a PDF or a hard-wrapped
    text file) rather than one item a line."""
    if len(lines) < 2:
        return False
    lengths = [len(line) for line in lines[:-1]]
    return max(lengths) <= 110 and sum(1 for n in lengths if n >= 55) >= len(lengths) * 0.6


def _continues(previous: str, line: str, wrapped: bool) -> bool:
    """Whether `line` carries on the text of `previous` in the same paragraph. After a full
    stop, a short title ("Why this matters", "Recommendation Two") does not."""
    if starts_lower(line) or not previous.rstrip().endswith((".", "!", "?", ";", ":")):
        return True
    if len(line) < 50 and (_title_like(line) or is_rationale(line)):
        return False
    return wrapped and len(previous) >= 55


def _title_then_text(lines: list[str], line: str) -> bool:
    """A short title line opening a paragraph, then a long line of text in its own
    sentence."""
    return (
        len(lines) == 1
        and len(lines[0]) < 50
        and _title_like(lines[0])
        and not lines[0].rstrip().endswith(":")
        and line[:1].isupper()
        and len(line) >= 50
    )


def _sub_family(new: Marker, current: Marker) -> bool:
    """`new` belongs to a list under `current` (another family, or a deeper decimal)."""
    if new.family == current.family:
        return False
    if new.family.startswith("decimal") and current.family.startswith("decimal"):
        return int(new.family.split(":")[1]) > int(current.family.split(":")[1])
    return new.family in ("letter", "roman", "bullet") or (
        new.family.startswith("decimal") and current.family == "number"
    )


def _paragraph_lead_in(block: _Block) -> bool:
    """A numbered paragraph of a section that introduces a list ("9.2 The Board is asked
    to:"), whose items are recommendations of their own; under a numbered recommendation
    ("2. The ICB should: (a) ... (b) ...") the sub-items are its parts."""
    return block.marker.family.startswith("decimal") and is_bare_lead_in(block.text)


def _blocks(units: list[_Unit]) -> list[_Block]:
    blocks: list[_Block] = []
    current: _Block | None = None
    para_lines: dict[int, list[str]] = {}
    for unit in units:
        para_lines.setdefault(unit.para, []).append(unit.text)

    def close():
        nonlocal current
        if current is not None:
            blocks.append(current)
        current = None

    for k, unit in enumerate(units):
        following = units[k + 1] if k + 1 < len(units) else None
        goes_on = (
            following is not None
            and following.para == unit.para
            and following.table is None
            and starts_lower(following.text)
        )
        if unit.table is not None:
            close()
            if not blocks or blocks[-1].table != unit.table:
                blocks.append(_Block("table", unit.page, unit.para, table=unit.table))
            continue
        text = unit.text
        m = marker(text)
        if m and m.family == "explicit" and not m.rest.strip():
            close()
            blocks.append(_Block("label", unit.page, unit.para, [text], m))
            continue
        if unit.heading and not (m and m.family == "explicit"):
            close()
            kind = "heading" if _heading_mood(text) != "label" else "label"
            blocks.append(_Block(kind, unit.page, unit.para, [text], m))
            continue
        if m and current is not None and unit.para == current.para and current.lines:
            previous = current.lines[-1].rstrip()
            if (
                (m.family in ("number", "roman", "letter") or m.family.startswith("decimal"))
                and not previous.endswith((".", ";", ":", "!", "?"))
                and (not m.rest.strip() or starts_lower(m.rest))
            ):
                m = None  # a wrapped line that starts with a number ("... aged 16 to" / "25.")
        if m:
            if (
                current is not None
                and current.kind == "marked"
                and (
                    (
                        current.text.endswith(":")
                        and _sub_family(m, current.marker)
                        and not _paragraph_lead_in(current)
                    )
                    or m.family == current.sub_family
                )
            ):
                current.sub_family = m.family
                current.lines.append(text)
                continue
            rest = m.rest.strip()
            if not rest or (
                not goes_on
                and _title_like(rest)
                and not starts_lower(rest)
                and (
                    _heading_mood(rest) != "label"
                    or not asks_for_action(rest.rstrip(":"), imperative=False)
                )
            ):
                close()
                mood = _heading_mood(rest) if rest else "label"
                kind = "heading" if mood != "label" else "label"
                blocks.append(_Block(kind, unit.page, unit.para, [text], m))
                continue
            close()
            current = _Block("marked", unit.page, unit.para, [rest], m)
            continue
        if current is not None and unit.para == current.para:
            previous = current.lines[-1] if current.lines else ""
            if current.kind == "plain" and _title_then_text(current.lines, text):
                # "Theme A: Economic abuse" on its own line, then the text below it
                current.kind = "label" if _heading_mood(current.lines[0]) == "label" else "heading"
            elif _continues(previous, text, _wrapped(para_lines[unit.para])):
                current.lines.append(text)
                continue
        elif current is not None and current.kind == "marked" and starts_lower(text):
            current.para = unit.para
            current.lines.append(text)
            continue
        close()
        if _title_like(text) and (unit.para not in para_lines or len(para_lines[unit.para]) == 1):
            mood = _heading_mood(text)
            blocks.append(_Block("heading" if mood != "label" else "label", unit.page,
                                 unit.para, [text]))  # fmt: skip
            continue
        current = _Block("plain", unit.page, unit.para, [text])
    close()
    return blocks


# --- items ----------------------------------------------------------------------------------


@dataclass
class _Item:
    number: str
    text: str
    page: int | None
    source: str
    confidence: float
    doubts: list[str] = field(default_factory=list)


def _own_words(text: str) -> str:
    """The item without a leading label and without sentences of finding before its
    recommending sentence."""
    _label, text = strip_label(text)
    # a second marker after a label ("Recommendation 2 – Transitions: R2 ...") is rare; a
    # finding sentence before the recommending one is not
    parts = sentences(text)
    if len(parts) > 1 and not asks_for_action(parts[0], will=True):
        for i, part in enumerate(parts):
            if asks_for_action(part, will=True) and not looks_retrospective(part):
                text = " ".join(parts[i:])
                break
    return text.strip()


# A sentence about the recommendations rather than one of them ("The panel makes the
# following recommendations", "The recommendations below were accepted by the Board").
PREAMBLE = re.compile(
    r"\brecommendations\b.{0,80}\b(?:follow|below|are\s+(?:as\s+)?follows|set\s+out|"
    r"accepted|agreed|endorsed|approved)"
    r"|\b(?:makes?|made|following|these|the\s+review'?s?|our|accepted|agreed|endorsed)\s+"
    r"(?:\w+\s+){0,2}recommendations\b",
    re.I,
)


def _is_negative(text: str) -> bool:
    """A question, a sentence about the recommendations, or an account of what happened or
    has been done."""
    text = text.strip()
    if text.endswith("?") or (PREAMBLE.search(text) and not asks_for_action(text)):
        return True
    first = sentences(text)[0] if text else text
    if asks_for_action(first):
        return False
    if looks_retrospective(text) and not RECOMMENDS.search(text):
        return True
    return not asks_for_action(text, will=True) and bool(
        NARRATIVE.search(text) or _PAST_SENTENCE.match(text)
    )


# "The panel looked at ...", "Each agency reviewed ...": an account in the past tense
_PAST_SENTENCE = re.compile(
    r"^(?:the|this|each|every|all|a|an|our|its)\s+(?:[\w'’-]+\s+){1,3}?"
    r"(?:[a-z]+ed|found|met|saw|heard|took|made|spoke|gave|began|thought|felt|knew)\b",
    re.I,
)


# A lead-in to a list of something else ("The following practice was identified as good:")
NEGATIVE_LEAD = re.compile(
    r"\b(?:good|notable|positive|effective)\s+practice\b|\bpractice\s+(?:was|were)\s+"
    r"(?:identified\s+as\s+)?good\b|\bquestions?\b|\blearning\s+points?\b|\bkey\s+learning\b"
    r"|\bfindings?\b|\bactions?\s+(?:already\s+)?(?:taken|completed)\b|\balready\b",
    re.I,
)
# A lead-in that introduces recommendations ("The review recommends that:", "The following
# recommendations are made:"), not one that only mentions them ("... reflected in the
# recommendations above:")
RECOMMENDING_LEAD = re.compile(
    r"\brecommend(?:s|ed|ing)?\b|\b(?:following|these|our|its|the\s+panel'?s?)\s+"
    r"(?:\w+\s+)?recommendations\b|\brecommendations\s+(?:are|is|for|to)\b",
    re.I,
)
NOT_RECOMMENDATIONS = re.compile(r"\bnot\s+(?:\w+\s+)?recommendations?\b", re.I)

_NEW_RECOMMENDATION = re.compile(
    r"^(?:(?:the|this)\s+(?:\w+\s+){0,3}?(?:also\s+|further\s+|therefore\s+)?"
    r"(?:recommends|asks|requests|urges)\b|it\s+is\s+(?:also\s+|further\s+)?recommended\b"
    # another addressee asked for something more: "The ICB should also work with ..."
    r"|(?!(?:it|this|these|they|such|that|this\s+work|the\s+review|the\s+audit)\b)"
    r"(?:[\w'’&]+\s+){1,5}?(?:should|must|will|is\s+asked\s+to)\s+also\b)",
    re.I,
)

# A sentence after a recommendation that gives its reason ("This matters because ..."):
# rationale, not the recommendation's words.
_TRAILING_REASON = re.compile(
    r"^(?:this|that|it)\b(?:\s+[\w']+){0,4}?\s+(?:because|matters)\b", re.I
)


_THAT_CLAUSE = re.compile(r";\s+(?:and\s+)?that\s+(?=\S)", re.I)


def _that_clauses(text: str) -> list[str]:
    """ "It recommends that the partnership reviews …; that children's social care agrees …"
    as one text per clause (the first keeps its opening)."""
    if not RECOMMENDS.search(text) or not _THAT_CLAUSE.search(text):
        return [text]
    return [piece.strip() for piece in _THAT_CLAUSE.split(text) if piece.strip()]


def _split_recommending(text: str) -> list[str]:
    """An item that holds several recommending sentences ("The panel asks the ICB to ....
    The review recommends that the police ...") as one text each."""
    parts = sentences(text)
    if len(parts) < 2:
        return [text]
    out = [parts[0]]
    reason = False  # after "This matters because ...", until a new recommendation
    for part in parts[1:]:
        if _NEW_RECOMMENDATION.match(part):
            out.append(part)
            reason = False
        elif (
            reason
            or _TRAILING_REASON.match(part)
            or (
                NARRATIVE.search(part)
                and not asks_for_action(part, will=True)
                and asks_for_action(out[-1], will=True)
            )
        ):  # the reason, or an account of what happened ("The panel was told that ...")
            reason = True
        else:
            out[-1] += " " + part
    return out


def _score(item: _Item, asks: bool) -> _Item:
    if not asks:
        item.confidence -= 0.25
        item.doubts.append(DOUBT_NO_ASK)
    words = len(item.text.split())
    if words > 110:
        item.confidence -= 0.2
        item.doubts.append(DOUBT_LONG)
    elif words < 4:
        item.confidence -= 0.15
        item.doubts.append(DOUBT_SHORT)
    return item


# "That the CSP ensures ...": a recommendation written as a that-clause
_THAT_ASK = re.compile(r"^That\s+(?:the\s+|all\s+|each\s+)?[\w'’ ]{2,60}?\s+[a-z]+s\b")
# "It would also be helpful for the Board to ...": a new ask, not the last one carried on
_NEW_ASK = re.compile(r"^it\s+would\s+(?:also\s+)?be\b", re.I)
_INLINE_LABEL = re.compile(r"^recommendation\s*[:\-–]\s*(?:that\s+)?", re.I)


_CARRY_ON = re.compile(
    r"^(?:this|these|such|it|they|in\s+particular|specifically|in\s+doing\s+so|"
    r"as\s+part\s+of\s+(?:this|that|it)|for\s+(?:example|instance)|"
    r"the\s+(?:service|review|audit|guidance|training|"
    r"plan|pathway|protocol|work|assurance|report|findings))\b",
    re.I,
)


def _carries_on(sentence: str) -> bool:
    """A sentence that carries on the recommendation before it ("This should include ...",
    "The audit should report ..."), rather than a new one or a finding."""
    return (
        bool(_CARRY_ON.match(sentence))
        and not RECOMMENDS.search(sentence)
        and not _NEW_ASK.match(sentence)
        and bool(MODAL.search(sentence) or re.search(r"\bwill\b", sentence))
    )


def _prose_items(text: str, page: int, *, strict: bool) -> list[_Item]:
    """Each sentence of a paragraph that asks someone to act, with the sentences that carry
    it on. `strict` takes only sentences that say "recommend" or "asks ... to"."""
    found: list[_Item] = []
    parts = sentences(text)
    i = 0
    while i < len(parts):
        part = parts[i]
        recommends = bool(RECOMMENDS.search(part) or PASSIVE_ASK.search(part))
        # outside a recommendations section, "should" counts once the paragraph has
        # recommended something
        modal_counts = not strict or bool(found)
        asks = recommends or (modal_counts and (modal_ask(part) or bool(_THAT_ASK.match(part))))
        retrospective = looks_retrospective(part) and not (recommends or MODAL.search(part))
        if not asks or part.endswith("?") or retrospective:
            i += 1
            continue
        words = [part]
        j = i + 1
        while j < len(parts) and _carries_on(parts[j]):
            words.append(parts[j])
            j += 1
        source = "prose" if recommends else "paragraph"
        for piece in _that_clauses(" ".join(words)):
            if i == 0:
                piece = strip_label(piece)[1]  # "(Assessment) The partnership should ..."
            piece = _INLINE_LABEL.sub("", piece)  # "Recommendation: that the trust ..."
            item = _Item("", piece, page, source, 0.8 if recommends else 0.55)
            if not recommends:
                item.doubts.append(DOUBT_PARAGRAPH)
            found.append(_score(item, True))
        i = j
    return found


# A finding given with its label in the same paragraph as the recommendation answering it.
_FINDING_THEN_ASK = re.compile(r"^(?:key\s+)?findings?\s*\d{0,2}\b[^:.]{0,60}:\s+\S", re.I)


_RATIONALE_WORD = re.compile(r"^(?:key\s+)?(?:finding|learning\s+theme|theme|issue)s?$", re.I)

# A heading over a list of something else ("Learning points for all practitioners"), not a
# recommendation's reasons ("Learning", "What we found")
_LIST_OF_OTHERS = re.compile(r"\b(?:points|questions|lessons|actions|practice)\b", re.I)


def _unheaded(label: _Block) -> list[_Item]:
    """A short marked item that looked like a heading but had no text after it: an item
    of its own when it asks for action ("3. Review the protocol")."""
    m = label.marker
    if m is None or not m.rest.strip() or not asks_for_action(m.rest):
        return []
    item = _Item(m.shown_number, m.rest.strip(), label.page, m.source, 0.8)
    return [_score(item, True)]


def _region_items(
    document: Document, paragraphs: list[Paragraph], *, in_section: bool, loose: bool = False
) -> list[_Item]:
    """The items of one place in the report (a recommendations section, or the whole
    report when there is none). `loose` reads paragraphs outside any section as a section's
    (any "should" sentence asks), for a report that never says "recommend"."""
    items: list[_Item] = []
    mood = "positive" if in_section else "neutral"
    pending: _Block | None = None  # a recommendation's heading, waiting for its text
    rationale = False  # after a headed recommendation's text: its reasons
    lead_in = False
    list_mood = None  # "negative" for a list introduced by "Questions for partners:"
    blocks = _blocks(_units(paragraphs))
    for block in blocks:
        if pending is not None and block.kind != "plain" and mood != "negative":
            items.extend(_unheaded(pending))  # "3. Review the protocol", with no text after
            pending = None
        if (
            block.kind in ("heading", "label")
            and block.marker is not None
            and block.marker.number
            and block.marker.rest.strip()
            and _RATIONALE_WORD.match(block.marker.label or "")
        ):
            # "Finding 2: Self-neglect and capacity": a findings sub-heading, whose
            # paragraphs may end with the recommendation that answers them
            pending, rationale, lead_in, list_mood = None, False, False, None
            continue
        if (
            block.kind in ("heading", "label")
            and is_rationale(block.text)
            and not _LIST_OF_OTHERS.search(block.text)
        ):
            rationale = pending is None  # reasons after a recommendation (or before one)
            continue
        if block.kind == "heading":
            mood = _heading_mood(block.text if not block.marker else block.marker.rest or "")
            if mood == "label" or (
                loose and mood == "negative" and _FINDINGS_WORD.search(block.text)
            ):
                mood = "positive" if in_section else "neutral"
            pending, rationale, lead_in, list_mood = None, False, False, None
            continue
        if block.kind == "label":
            positive = (
                block.marker is not None
                and block.marker.family in ("explicit",)
                or (block.marker is not None and block.marker.family.startswith("code"))
            )
            if positive and mood == "negative":
                mood = "positive"
            pending, rationale = block, False
            continue
        if block.kind == "table":
            if mood != "negative":
                table = document.tables[block.table] if block.table < len(document.tables) else []
                items.extend(_table_items(table, block.page))
            pending, rationale = None, False
            continue
        text = block.text
        if block.kind == "marked":
            m = block.marker
            labelled = m.family == "explicit" or m.family.startswith("code")
            if labelled and mood == "negative":
                mood = "positive"
            if mood == "negative" or m.negative or list_mood == "negative":
                continue
            if mood == "neutral" and not (labelled or lead_in):
                items.extend(_prose_items(text, block.page, strict=True))
                continue
            if is_lead_in(text) and (
                is_bare_lead_in(text) or not asks_for_action(text.rstrip(":"), will=True)
            ):
                lead_in = True
                continue
            for n, words in enumerate(_split_recommending(_own_words(text))):
                if (
                    (
                        words.endswith("?")
                        or looks_retrospective(words)
                        and not asks_for_action(words)
                    )
                    if lead_in
                    else _is_negative(words)
                ):
                    continue
                number = m.shown_number if n == 0 else ""
                item = _Item(number, words, block.page, m.source, 0.95)
                items.append(_score(item, asks_for_action(words, will=True) or lead_in))
            pending, rationale = None, False
            continue
        # a plain paragraph
        headed = pending is not None and (
            mood == "positive"
            or (pending.marker is not None and pending.marker.family in ("explicit",))
        )
        if headed and mood != "negative" and is_lead_in(text):
            pending, lead_in = None, True  # "Integrated Care Board" / "The ICB should:"
            continue
        if headed and mood != "negative":
            if is_rationale(text):
                # a finding or context given before the recommendation, which may run on into
                # the recommendation in the same paragraph
                parts = sentences(text)
                later = [i for i, p in enumerate(parts) if i and asks_for_action(p)]
                if not later:
                    continue
                text = " ".join(parts[later[0] :])
            if not _is_negative(text):
                m = pending.marker
                number = m.shown_number if m else ""
                source = m.source if m else "paragraph"
                words = _own_words(text)
                item = _Item(number, words, block.page, source, 0.9)
                items.append(_score(item, asks_for_action(words, will=True)))
                pending, rationale = None, True
                continue
        if not rationale and mood == "positive" and _FINDING_THEN_ASK.match(text):
            # "Finding 1 (Risk assessment): what was found. The partnership should ..."
            items.extend(_prose_items(text, block.page, strict=False))
            continue
        if rationale or is_rationale(text):
            if _SAYS_RECOMMENDS.search(text) and not text.endswith(":"):
                items.extend(_prose_items(text, block.page, strict=True))
            continue
        negative_list = False
        if (text.endswith(":") and len(text.split()) <= 40) or (
            _title_like(text) and len(text.split()) <= 8  # "Good practice identified"
        ):
            if (
                (len(text.split()) <= 20 and _heading_mood(text) == "negative")
                or NOT_RECOMMENDATIONS.search(text)
                or (NEGATIVE_LEAD.search(text) and not RECOMMENDING_LEAD.search(text))
            ):
                negative_list = True  # "Questions for partners:", "Learning points:"
        if negative_list:
            lead_in, list_mood = False, "negative"
            continue
        list_mood = None
        if is_lead_in(text):
            lead_in = True
            if mood != "positive" and RECOMMENDING_LEAD.search(text):
                mood = "positive"  # "The review recommends that the Board:", after "Key learning"
            continue
        lead_in = False
        if mood == "negative":
            if _SAYS_RECOMMENDS.search(text) and not text.endswith(":"):
                # "It is recommended that ..." under a heading such as "Learning into action"
                items.extend(_prose_items(text, block.page, strict=True))
            continue
        items.extend(_prose_items(text, block.page, strict=mood == "neutral" and not loose))
    return items


_FINDINGS_WORD = re.compile(r"\b(?:findings?|learning|analysis)\b", re.I)
_SAYS_RECOMMENDS = re.compile(
    r"\b(?:recommends|recommended)\s+that\b|\bwe\s+recommend\b|\brecommendation\s+is\s+that\b",
    re.I,
)


# --- tables -----------------------------------------------------------------------------

_REC_HEADER = re.compile(
    r"^(?:the\s+)?(?:recommendations?|recommendation\s+(?:text|made|description|wording|"
    r"and\s+\w+)|what\s+we\s+recommend|what\s+(?:needs\s+to|should)\s+(?:happen|change)|"
    r"panel\s+recommendations?|review\s+recommendations?|(?:sar|dhr|cspr|lcspr)\s+"
    r"recommendations?)$",
    re.I,
)
_NUM_HEADER = re.compile(
    r"^(?:no\.?|number|num\.?|#|ref\.?|reference|item|rec\.?(?:\s*(?:no\.?|number|ref\.?))?|"
    r"recommendation\s*(?:no\.?|number|ref\.?|reference|#))$",
    re.I,
)
_NUM_CELL = re.compile(
    r"^(?:R|RR|Rec\.?\s*|Recommendation\s*|[A-Z]{2,5}\s?)?(\d{1,3}(?:\.\d{1,2})*[a-z]?)[.):]?$",
    re.I,
)


def _clean(cell: str) -> str:
    return re.sub(r"\s+", " ", cell).strip().rstrip(":").strip()


def _table_items(table: list[list[str]], page: int | None) -> list[_Item]:
    """Recommendations from a table, read by its header row's meaning."""
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
        return _headerless_table_items(table, page)
    found: list[_Item] = []
    seen: set[str] = set()
    for n, row in enumerate(table[header_row + 1 :], start=1):
        if rec_col >= len(row):
            continue
        text = _join(row[rec_col].split("\n"))
        if not text or normalise(text) in seen:
            continue
        number = ""
        if num_col is not None and num_col < len(row):
            m = _NUM_CELL.match(_clean(row[num_col]))
            number = m.group(1) if m else _clean(row[num_col])[:10]
        found_marker = marker(text)
        if found_marker and found_marker.rest.strip() and found_marker.family != "bullet":
            number = number or found_marker.number
            text = found_marker.rest.strip()
        text = _own_words(text)
        seen.add(normalise(text))
        item = _Item(number or str(n), text, page, "table", 0.95)
        found.append(_score(item, asks_for_action(text, will=True)))
    return found


def _headerless_table_items(table: list[list[str]], page: int | None) -> list[_Item]:
    body = [row for row in table if len(row) >= 2]
    numbered = [row for row in body if _NUM_CELL.match(_clean(row[0]))]
    if not body or len(numbered) < max(1, (len(body) * 2 + 2) // 3):
        return _explicit_cells(table, page)
    widths = [0] * max(len(row) for row in body)
    for row in numbered:
        for i, cell in enumerate(row[1:], start=1):
            widths[i] += len(cell.split())
    rec_col = max(range(1, len(widths)), key=lambda i: widths[i])
    if widths[rec_col] < 3 * len(numbered):
        return []
    found = []
    for row in numbered:
        if rec_col >= len(row) or not row[rec_col].strip():
            continue
        text = _own_words(_join(row[rec_col].split("\n")))
        number = _NUM_CELL.match(_clean(row[0])).group(1)
        item = _Item(number, text, page, "table", 0.8, [DOUBT_NUMBERLESS_TABLE])
        found.append(_score(item, asks_for_action(text, will=True)))
    return found


def _explicit_cells(table: list[list[str]], page: int | None) -> list[_Item]:
    found = []
    for row in table:
        for cell in row:
            m = marker(cell.strip())
            if m and m.family == "explicit" and m.rest.strip():
                text = _own_words(_join([m.rest]))
                found.append(_score(_Item(m.number, text, page, "table", 0.9), True))
                break
    return found


def table_recommendations(table: list[list[str]], page: int | None) -> list[DraftRecommendation]:
    """Recommendations from one table (for callers that hold a table)."""
    return _finish(_table_items(table, page))


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

    groups: list[tuple[str, list[_Item]]] = []
    covered: set[int] = set()
    for section in (s for s in sections if s.kind == "recommendations"):
        if any(id(p) in covered for p in section.paragraphs):
            # a sub-heading's section inside one already read
            continue
        covered.update(id(p) for p in section.paragraphs)
        items = _region_items(document, section.paragraphs, in_section=True)
        if items:
            groups.append((section.title, items))
    if groups:
        return _finish(_combine(groups))

    in_action_plan: set[Paragraph] = set()
    for section in (s for s in sections if s.kind == "action_plan"):
        in_action_plan.update(section.paragraphs)
    flow = split_headings(document)
    outside = [p for p in flow if p not in in_action_plan and p.table is None]
    items = _region_items(document, outside, in_section=False)
    if items:
        return _finish(items, doubt=DOUBT_OUTSIDE)
    if not tables_hold_recommendations(document, flow):
        # no section, no "recommend", no table: the sentences that ask, all doubted
        items = _region_items(document, outside, in_section=False, loose=True)
        if items:
            return _finish(items, doubt=DOUBT_OUTSIDE)
    tables = _best_table(document, flow)
    if tables:
        return _finish(tables)
    inside = [p for p in flow if p in in_action_plan and p.table is None]
    return _finish(_region_items(document, inside, in_section=False), doubt=DOUBT_OUTSIDE)


def tables_hold_recommendations(document: Document, paragraphs: list[Paragraph]) -> bool:
    return bool(_best_table(document, paragraphs))


def _best_table(document: Document, paragraphs: list[Paragraph]) -> list[_Item]:
    pages: dict[int, int] = {}
    for para in paragraphs:
        if para.table is not None:
            pages.setdefault(para.table, para.page)
    best: list[_Item] = []
    for index, page in pages.items():
        items = _table_items(document.tables[index], page)
        if len(items) > len(best):
            best = items
    return best


def _combine(groups: list[tuple[str, list[_Item]]]) -> list[_Item]:
    """Items from several recommendations sections. Sections under different titles are
    put together ("Recommendations for the Board", then "... for the ICB"); a section that
    repeats another's title or is a summary is the same list twice, so the one with most
    items wins, the later one on a tie."""
    if len(groups) == 1:
        return groups[0][1]

    def key(title):
        return re.sub(r"[^a-z ]", "", title.lower()).strip()

    summaries = [g for g in groups if re.search(r"\bsummary\b", g[0], re.I)]
    rest = [g for g in groups if g not in summaries] or summaries
    titles = [key(t) for t, _ in rest]
    if len(set(titles)) == len(titles):
        return [item for _, items in rest for item in items]
    best = rest[0][1]
    for _, items in rest[1:]:
        if len(items) >= len(best):
            best = items
    return best


_LIST_JOINER = re.compile(r"([;,])\s*(?:and|or)$")


def _finish(items: list[_Item], doubt: str | None = None) -> list[DraftRecommendation]:
    """Drafts from items: one per recommendation (a text repeated with another number is
    kept: two recommendations can read the same), numbered as in the report when the
    numbers are unique, else in order."""
    unique: list[_Item] = []
    seen: dict[str, _Item] = {}
    for item in items:
        item.text = _LIST_JOINER.sub(lambda m: m.group(1), item.text)
        key = normalise(item.text)
        if not key:
            continue
        earlier = seen.get(key)
        if earlier is not None and (
            "table" in (earlier.source, item.source)
            or not earlier.number
            or not item.number
            or earlier.number.lower() == item.number.lower()
        ):
            continue  # the same recommendation again (a list, then its action-plan table)
        seen[key] = item
        unique.append(item)
    numbers = [item.number.lower() for item in unique]
    renumber = any(not n for n in numbers) or len(set(numbers)) != len(numbers)
    drafts = []
    for position, item in enumerate(unique, start=1):
        doubts = list(item.doubts)
        confidence = item.confidence
        if doubt:
            confidence -= 0.15
            doubts.append(doubt)
        number = item.number
        if renumber and (not number or numbers.count(number.lower()) > 1):
            number = str(position)
        drafts.append(
            DraftRecommendation(
                number[:10],
                item.text,
                item.page,
                item.source,
                round(min(1.0, max(0.05, confidence)), 2),
                tuple(dict.fromkeys(doubts)),
            )
        )
    return drafts


# --- matching for evaluation ------------------------------------------------------------

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"'})
_DASHES = str.maketrans({"–": "-", "—": "-", "‒": "-", "−": "-", "‐": "-", "‑": "-"})
_PREFIXES = (
    re.compile(rf"^(?:recommendation|rec\.?)\s+(?:\d+(?:\.\d+)*[a-z]?|{WORD_RE})\b\s*[:.\-)]?\s*"),
    re.compile(r"^r\s?\d+[a-z]?\b\s*[:.\-)]?\s*"),
    re.compile(r"^\(?\d{1,3}(?:\.\d{1,3})*[.):]?\)?\s+"),
    re.compile(r"^\(?[a-z][.)]\s+|^\([a-z]\)\s*"),
    re.compile(r"^\(?[ivx]{1,5}[.)]\s+"),
    re.compile(r"^[•●▪◦‣∙·*\-]\s+"),
    # "The review recommends that ...", "It is also recommended that ..."
    re.compile(r"^(?:[\w,'’]+\s+){0,8}?(?:recommends?|recommended)\s+that\s+"),
)


def normalise(text: str) -> str:
    """Text for matching: Unicode-normalised, lower case, single spaces, no leading number.

    Strips leading markers such as "Recommendation 3:", "Recommendation Three -", "R3",
    "3.", "3.1", "(a)", "iv)", bullets, and a leading "The review recommends that" or "It is
    recommended that" (any opening up to "recommend(s) that"); straightens quotes and dashes; joins "multi- agency"; drops trailing
    full stops, semicolons and commas.
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
