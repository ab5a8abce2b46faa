"""What the values people write in their trackers mean, without asking them.

Plain Python: the review types, theme names and statuses recognised exactly (after
ignoring case, spacing and punctuation). Anything else is asked about in the values step;
nothing here picks the nearest name.
"""

import difflib

from safeguarding.reviews import types

from .columns import normalise

# A review type's usual names and abbreviations → its code.
TYPE_NAMES = {
    "lcspr": (
        "cspr",
        "lcspr",
        "local cspr",
        "child safeguarding practice review",
        "local child safeguarding practice review",
        "local csprs",
    ),
    "ncspr": ("ncspr", "national cspr", "national child safeguarding practice review"),
    "rapid": ("rr", "rapid", "rapid review", "rapid reviews", "rapid review rr"),
    "sar": (
        "sar",
        "safeguarding adult review",
        "safeguarding adults review",
        "safeguarding adult s review",
    ),
    "dhr": (
        "dhr",
        "dhr adult",
        "domestic homicide review",
        "domestic abuse related death review",
        "dardr",
    ),
    "dhr_child": (
        "dhr child",
        "dhr child 16 17",
        "dhr 16 17",
        "dhr child victim",
        "child dhr",
        "domestic homicide review child",
    ),
    "leder": ("leder", "leder review", "learning from lives and deaths"),
    "cdr": ("cdr", "child death review", "cdop", "cdop review"),
    "scr": ("scr", "serious case review"),
    "sin": ("sin", "serious incident notification", "notification"),
}
# S-CRT's "Converted": a rapid review that became a review; the type follows the
# partnership that commissions it.
CONVERTED = "converted"
CONVERTED_TYPE = {"scp": "lcspr", "sab": "sar", "csp": "dhr"}

# How a made-up title names each type.
SHORT_TYPE = {
    "sin": "Notification",
    "rapid": "Rapid review",
    "lcspr": "LCSPR",
    "ncspr": "NCSPR",
    "scr": "SCR",
    "sar": "SAR",
    "dhr": "DHR",
    "dhr_child": "DHR (child)",
    "leder": "LeDeR",
    "cdr": "CDR",
}


def _type_lookup():
    lookup = {}
    for code, label in types.REVIEW_TYPES.items():
        lookup[normalise(code)] = code
        lookup[normalise(label)] = code
    for code, names in TYPE_NAMES.items():
        for name in names:
            lookup[normalise(name)] = code
    lookup[CONVERTED] = CONVERTED
    return lookup


_TYPES = _type_lookup()


def review_type(text):
    """The type code a written type means, ``CONVERTED``, or None."""
    return _TYPES.get(normalise(text))


def made_up_title(review_type_code, reference, line):
    """A title for a file without a title column: 'LCSPR NSCP-014' or 'SAR (line 9)'."""
    name = SHORT_TYPE.get(review_type_code, "Review")
    return f"{name} {reference}"[:120] if reference else f"{name} (line {line})"


def first_clause(label):
    """'Domestic abuse, coercive control, stalking' → 'Domestic abuse'."""
    for mark in (",", ":", ";", "("):
        label = label.split(mark)[0]
    return label.strip()


def theme_lookup(themes):
    """{normalised name: theme} for codes, labels and labels' first clauses.

    ``themes`` are objects with ``code`` and ``label``. A short form shared by two themes
    is left out: it is asked about instead.
    """
    lookup, clauses = {}, {}
    for theme in themes:
        lookup[normalise(theme.code)] = theme
        lookup[normalise(theme.label)] = theme
        clauses.setdefault(normalise(first_clause(theme.label)), []).append(theme)
    for name, found in clauses.items():
        if len(found) == 1:
            lookup.setdefault(name, found[0])
    return lookup


def split_themes(text, lookup):
    """The theme names in one cell, as (written, theme or None) pairs.

    A cell may hold one name, or several separated by ';', '|', a new line or ','. A name
    that holds a comma itself ('Domestic abuse, coercive control, stalking') is read
    whole: the longest run of comma-separated parts that names a theme wins.
    """
    found = []
    for part in _split(text, ";|\n"):
        if normalise(part) in lookup:
            found.append((part, lookup[normalise(part)]))
            continue
        pieces = _split(part, ",")
        start = 0
        while start < len(pieces):
            for end in range(len(pieces), start, -1):
                name = ", ".join(pieces[start:end])
                if normalise(name) in lookup:
                    found.append((name, lookup[normalise(name)]))
                    start = end
                    break
            else:
                found.append((pieces[start], None))
                start += 1
    return found


def _split(text, marks):
    parts = [str(text)]
    for mark in marks:
        parts = [piece for part in parts for piece in part.split(mark)]
    return [part.strip() for part in parts if part.strip()]


def suggestions(value, options, limit=3):
    """The names of ``options`` ({name: target}) closest to ``value``, best first.

    Shown beside a value a person must decide; never applied without their choice.
    """
    names = {normalise(name): name for name in options}
    close = difflib.get_close_matches(normalise(value), list(names), n=limit, cutoff=0.6)
    words = set(normalise(value).split())
    if words:
        for key in names:
            if len(close) >= limit:
                break
            if key not in close and words & set(key.split()) - {"and", "of", "the"}:
                close.append(key)
    return [names[key] for key in close[:limit]]
