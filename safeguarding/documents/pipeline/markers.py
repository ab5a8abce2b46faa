"""How a line of a report starts: the marker families of recommendation lists, the labels
before an item's own words, and the sentence shapes that ask someone to act. Plain Python,
no Django import. Used by `recommendations.py`.

A marker is what comes before an item's words: "Recommendation 3:", "Recommendation Three",
"R3", "RR1", "SAR 2", "Police 1 –", "Children's Social Care (1)", "6.1.1", "3.", "3)",
"(3)", "3 –", "(a)", "b)", "iv.", "•". Its family says which list it belongs to, so that a
list's items are told from the sub-items under one of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORDS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
).split()
WORD_NUMBERS = {word: str(i) for i, word in enumerate(_WORDS, start=1)}
WORD_RE = "|".join(_WORDS)
_ROMANS = "i ii iii iv v vi vii viii ix x xi xii xiii xiv xv".split()

_DASH = "\\-–—"
_SEP = rf"(?:\s*[:.{_DASH})]\s*|\s+(?=[A-Z“\"'‘(])|\s*$)"

EXPLICIT = re.compile(
    rf"^(?:recommendation|rec\.?)\s*(?P<num>\d{{1,3}}(?:\.\d{{1,2}})*[a-z]?|{WORD_RE})\b"
    rf"{_SEP}(?P<rest>.*)$",
    re.I,
)
# "R3", "RR1", "SAR 2", "DHR4", "LR2", "CSPR 1.2": capital letters then a number
CODE = re.compile(
    rf"^(?P<code>[A-Z]{{1,5}})\s?(?P<num>\d{{1,3}}(?:\.\d{{1,2}})?[a-z]?)\b{_SEP}(?P<rest>.*)$"
)
# "Police 1 –", "Health 2:", "Children's Social Care (1)", "Adult social care 3."
AGENCY = re.compile(
    rf"^(?P<label>[A-Z][\w'’&/]*(?:\s+(?:[\w'’&/]+)){{0,4}}?)\s+\(?(?P<num>\d{{1,2}}[a-z]?)\)?"
    rf"(?:\s*[:.{_DASH})]\s*|\s+(?=[A-Z“\"']))(?P<rest>\S.*)$"
)
NUMBERED = re.compile(
    rf"^(?:\(?(?P<num>\d{{1,2}})(?:[.):]|\.\))(?:\s+(?P<rest>\S.*)|\s*$)"
    rf"|(?P<dotted>\d{{1,2}}(?:\.\d{{1,2}})+)\.?(?:\s+(?P<drest>\S.*)|\s*$)"
    rf"|(?P<dash>\d{{1,2}})\s*[{_DASH}]\s+(?P<dashrest>\S.*)"
    rf"|(?P<bare>\d{{1,2}})\s+(?P<brest>[A-Z“\"'].*))$"
)
LETTERED = re.compile(
    r"^(?:\((?P<a>[a-zA-Z]{1,4})\)|(?P<b>[a-zA-Z]{1,4})\)|(?P<c>[a-zA-Z]{1,4})\.)"
    r"(?:\s+(?P<rest>\S.*)|\s*$)"
)
# "o " and "> " as Word and PDF give some bullets; a lone "o" does not start an English line
BULLET = re.compile(
    r"^(?:[•●▪◦‣∙·■□➢►▶❖✓\-–*\uf0b7\uf0a7\uf076\uf0d8\uf0fc]\s*|[o>]\s+)(?P<rest>\S.*)$"
)

# Labels whose items are not recommendations ("Finding 3:", "Learning point 2 –").
NEGATIVE_LABEL = re.compile(
    r"^(finding|findings|learning(\s+point)?|lesson|key\s+learning|question|action|"
    r"good\s+practice|good|page|appendix|annex|section|part|chapter|table|figure|"
    r"paragraph|step|stage|phase|tor|term)s?$",
    re.I,
)


@dataclass(frozen=True)
class Marker:
    family: (
        str  # "explicit", "code:R", "agency", "number", "decimal:2", "letter", "roman", "bullet"
    )
    number: str  # as written, without punctuation ("3", "2a", "6.1.1", "b", "iv"); "" for bullets
    rest: str  # the line after the marker
    label: str = ""  # "Police", "SAR": the words before the number, for agency and code markers
    negative: bool = False  # a finding's or question's marker, not a recommendation's

    @property
    def source(self) -> str:
        return {
            "explicit": "recommendation_label",
            "number": "numbered_list",
            "letter": "lettered_list",
            "roman": "lettered_list",
            "bullet": "bulleted_list",
            "agency": "agency_label",
        }.get(self.family.split(":")[0], "r_label" if self.family.startswith("code") else
              "numbered_list")  # fmt: skip

    @property
    def shown_number(self) -> str:
        """The number a person sees in the report ("Police 1", "SAR 2", "3"), at most ten
        characters (the number alone when the label would make it longer)."""
        if self.family == "agency" or (self.family.startswith("code") and self.label != "R"):
            shown = f"{self.label} {self.number}".strip()
            return shown if len(shown) <= 10 else self.number
        return self.number


def marker(line: str) -> Marker | None:
    """The marker a line starts with, or None."""
    text = line.strip()
    if not text:
        return None
    m = EXPLICIT.match(text)
    if m:
        num = m.group("num").lower()
        return Marker("explicit", WORD_NUMBERS.get(num, num), m.group("rest"))
    m = NUMBERED.match(text)
    if m:
        if m.group("dotted"):
            depth = m.group("dotted").count(".")
            return Marker(f"decimal:{depth}", m.group("dotted"), m.group("drest") or "")
        number = m.group("num") or m.group("dash") or m.group("bare")
        rest = m.group("rest") or m.group("dashrest") or m.group("brest") or ""
        return Marker("number", number, rest)
    m = CODE.match(text)
    if m and not NEGATIVE_LABEL.match(m.group("code")):
        return Marker(f"code:{m.group('code')}", m.group("num"), m.group("rest"), m.group("code"))
    m = LETTERED.match(text)
    if m:
        letters = m.group("a") or m.group("b") or m.group("c")
        if letters.lower() in _ROMANS and (len(letters) > 1 or letters.lower() in ("i", "v", "x")):
            return Marker("roman", letters.lower(), m.group("rest") or "")
        if len(letters) == 1:
            return Marker("letter", letters.lower(), m.group("rest") or "")
    m = BULLET.match(text)
    if m:
        return Marker("bullet", "", m.group("rest"))
    m = AGENCY.match(text)
    if m:
        label = m.group("label").strip()
        negative = bool(NEGATIVE_LABEL.match(label))
        if len(label) <= 40:
            return Marker("agency", m.group("num"), m.group("rest"), label, negative)
    m = COLON_LABEL.match(text)
    if m:
        label = m.group("label").strip()
        if not (NEGATIVE_LABEL.match(label) or is_rationale(label) or asks_for_action(label)):
            if asks_for_action(m.group("rest"), will=True):
                return Marker("agency", "", m.group("rest"), label)
    return None


# "ICB: The ICB should ...", "Information sharing: The partnership should ..."
COLON_LABEL = re.compile(r"^(?P<label>[A-Z][\w'’&/\- ]{1,38}?)\s*:\s+(?P<rest>[A-Z“\"'].*)$")


# --- the words of an item -----------------------------------------------------------------

_MODAL = (
    r"should(?!\s+(?:not\s+|never\s+)?have\b)|must(?!\s+(?:not\s+)?have\b)|shall|needs?\s+to|"
    r"ought\s+to|"
    r"(?:is|are)\s+(?:asked|requested|invited|encouraged|expected|required|recommended)\s+to|"
    r"(?:is|are)\s+to\b|there\s+is\s+a\s+(?:clear\s+)?need\s+for\s+[\w'’ ]{1,50}?\s+to|"
    r"it\s+would\s+(?:also\s+)?be\s+(?:beneficial|helpful|good\s+practice)\s+(?:for\s+[\w'’ ]{1,50}?\s+)?to"
)
MODAL = re.compile(rf"\b(?:{_MODAL})\b", re.I)
WILL = re.compile(r"\bwill\b(?!\s+have\b)", re.I)
RECOMMENDS = re.compile(
    r"\brecommend(?:s|ed)?\b(?:\s+\w+){0,3}?\s+that\b|\brecommendation\s+is\s+that\b"
    r"|^recommendation\s*[:\-–]\s*(?:that\s+)?\w+"
    r"|\b(?:asks?|requests?|invites?|urges?|calls\s+on)\s+(?:the\s+|all\s+|each\s+|every\s+)?"
    r"[\w'’ ,&]{1,60}?\s+to\s+\w+",
    re.I,
)
IMPERATIVES = frozenset(
    """ensure review develop establish provide commission consider agree produce publish audit
    update refresh introduce share seek strengthen promote raise create undertake embed
    implement monitor evaluate identify improve explore clarify set make include require give
    use offer write remind put design deliver work support name appoint revise amend issue hold
    assure confirm extend expand train reinforce disseminate adopt align build carry check
    co-produce collect complete conduct convene coordinate define encourage engage enable
    examine facilitate focus formalise gather increase inform invest involve keep lead learn
    maintain map measure nominate notify obtain plan prioritise record reduce refer reflect
    report request respond restate scope seek signpost standardise streamline test think
    address arrange""".split()
)
RETROSPECTIVE = re.compile(
    r"\b(?:should|could|would|might|must)\s+(?:not\s+)?have\b"
    r"|\b(?:has|have)\s+(?:now\s+|already\s+|since\s+)?(?:been\s+)?"
    r"(?:introduced|developed|launched|relaunched|created|put|started|begun|updated|revised|"
    r"completed|implemented|established|delivered|agreed|appointed|changed|made|taken|trained|"
    r"reviewed|strengthened|issued|published|set|identified|found|concluded|considered|noted|"
    r"heard)\b"
    r"|^since\b|\balready\b.*\b(?:has|have|was|were)\b|\bwas\s+(?:completed|done|closed)\b",
    re.I,
)
NARRATIVE = re.compile(r"\b(?:was|were|had|did\s+not|didn't|wasn't|weren't|hadn't)\b", re.I)
_LOWER_START = re.compile(r"^[a-z]")


# "the procedure states that practitioners must ...": a rule reported, not a recommendation
REPORTED = re.compile(
    r"\b(?:states?|stated|says|said|requires?|required|sets?\s+out|guidance|procedure|policy|"
    r"protocol|expects?|expected)\b[^.]{0,60}?\bthat\b[^.]*\b(?:must|should)\b",
    re.I,
)


def modal_ask(text: str) -> bool:
    """A modal verb that asks ("The Board should consider a protocol that sets out when a
    meeting must be called"), not one inside a rule reported ("The procedure states that
    staff must ...")."""
    modal = MODAL.search(text)
    if not modal:
        return False
    reported = REPORTED.search(text)
    return reported is None or modal.start() < reported.start()


PASSIVE_ASK = re.compile(
    r"\b(?:is|are|be)\s+(?:also\s+)?(?:asked|requested|invited|urged)\s+to\s+(?!note\b)",
    re.I,
)


def asks_for_action(text: str, *, will: bool = False, imperative: bool = True) -> bool:
    """Whether the text is shaped like a recommendation: someone should, must, is asked to
    act; the review recommends that; "That the Board ..."; "Partners to review ..."; or an
    imperative ("Ensure that ...")."""
    words = text.split()
    if not words:
        return False
    first = words[0].strip("“\"'‘(,;:").lower()
    if imperative and first in IMPERATIVES:
        return True
    if first == "that" and len(words) > 3:
        return True
    if RECOMMENDS.search(text):
        return True
    if modal_ask(text):
        return True
    if will and WILL.search(text):
        return True
    m = _SUBJECT_TO.match(text)
    return bool(m) and m.group("verb") in IMPERATIVES and len(words) > 4


# "Partners to review ...", "The ICB to include ...": an addressee, "to", a verb
# (not "The panel has tried to reflect this": a finite verb before "to" tells a narrative)
_NOT_SUBJECT = (
    r"(?!(?:has|have|had|was|were|is|are|tried|wanted|used|able|unable|began|started|failed|"
    r"went|seemed|appeared|needed|continued|agreed|chose|decided|asked|hoped)\b)"
)
_SUBJECT_TO = re.compile(rf"^(?:{_NOT_SUBJECT}[\w'’&()-]+\s+){{1,6}}?to\s+(?P<verb>[a-z-]+)\b")


def looks_retrospective(text: str) -> bool:
    """Text about what happened or has been done ("should have", "has introduced", "Since
    the death ..."), not what should be done."""
    return bool(RETROSPECTIVE.search(text))


# A leading label before an item's own words: "Information sharing:", "Professional
# curiosity.", "Finding 3 / Recommendation 3 – Think family:", "ICB:".
_LEAD_LABEL = re.compile(
    rf"^(?:(?P<label>[A-Z][\w'’&/,(){_DASH} ]{{1,60}}?)\s*(?:[:{_DASH}]|\.(?=\s+[A-Z]))"
    rf"|[(\[](?P<plabel>[A-Z][\w'’&/,\- ]{{1,40}})[)\]])\s+(?P<rest>[A-Z“\"'].*)$"
)


def strip_label(text: str) -> tuple[str, str]:
    """(label, the item's own words) for text that starts with a short label and then the
    words; ("", text) when it does not."""
    m = _LEAD_LABEL.match(text)
    if not m:
        return "", text
    label = (m.group("label") or m.group("plabel")).strip()
    # a short label may start with a word that reads as a verb ("Think family:")
    short = len(label.split()) <= 3
    if len(label.split()) > 9 or asks_for_action(label, imperative=not short):
        return "", text
    if NARRATIVE.search(label) and not m.group("plabel"):
        return "", text
    if not asks_for_action(m.group("rest"), will=True):
        return "", text
    return label, m.group("rest")


_RATIONALE = re.compile(
    r"^(?:why\s+(?:this|it)\s+matters|rationale|reason(?:s|ing)?|finding|findings|context|"
    r"expected\s+(?:outcome|impact)|outcome|impact|evidence|background|link(?:ed)?\s+to|"
    r"this\s+recommendation\s+(?:addresses|relates|responds|arises|follows)|what\s+we\s+found|"
    r"how\s+(?:we\s+will\s+know|progress\s+will)|measure\s+of\s+success|learning)\b",
    re.I,
)


def is_rationale(text: str) -> bool:
    """A paragraph that explains a recommendation rather than making it."""
    return bool(_RATIONALE.match(text.strip()))


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[A-Z“\"'‘(])")
_ABBREVIATIONS = re.compile(r"\b(?:e\.g|i\.e|etc|no|para|paras|cf|vs|approx|mr|mrs|ms|dr)\.$", re.I)


def sentences(text: str) -> list[str]:
    """The sentences of a paragraph (simple: a full stop, ? or ! then a capital)."""
    parts, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        piece = text[start : m.start()].strip()
        if _ABBREVIATIONS.search(piece):
            continue
        parts.append(piece)
        start = m.end()
    tail = text[start:].strip()
    if tail:
        parts.append(tail)
    return [p for p in parts if p]


_LEAD_IN = re.compile(
    r"(?:\brecommend(?:s|ed|ations?)?\b|\bshould\b|\bmust\b|\basks?\b|\bto\b|\bthat\b|"
    r"\bfollowing\b|\bbelow\b|\bfollows\b|\bpartners?\b|\bagencies\b|\bboard\b|\bpanel\b)"
    r"[^.]{0,80}:$",
    re.I,
)


def is_lead_in(text: str) -> bool:
    """A sentence that introduces a list ("The review recommends that:", "The Board
    should:", "The panel makes the following recommendations:")."""
    return text.rstrip().endswith(":") and bool(_LEAD_IN.search(text.strip()))


# A lead-in that leaves its verb or object to the list ("The Board is asked to:", "The ICB
# should:", "the panel recommends that it:"), unlike an item that lists what it includes
# ("... training that covers:").
_BARE_LEAD_IN = re.compile(
    r"(?:\b(?:to|should|must|will|shall|that(?:\s+(?:it|they|the\s+\w+))?|recommends?|"
    r"asks?|recommendations?(?:\s+(?:are|is)\s+(?:made|as\s+follows))?|follows|below)"
    r"|\bfollowing\s+(?:\w+\s+){0,2}recommendations?\b[^:]*)\s*:$",
    re.I,
)


def is_bare_lead_in(text: str) -> bool:
    return is_lead_in(text) and bool(_BARE_LEAD_IN.search(text.strip()))


def starts_lower(text: str) -> bool:
    return bool(_LOWER_START.match(text.strip()))
