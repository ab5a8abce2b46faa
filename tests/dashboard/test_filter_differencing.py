"""The differencing attack across filters (issue 15, item 4): a person above the owning
organisation reads the unfiltered figure, then the same figure for one type of review, one
area or one theme, and subtracts. Within one year, the unfiltered row for ICB X is 7 with
its rapid reviews shown as "<5"; the figure for SARs alone is its own table, publishes
SARs in X as 5, and 7 - 5 = 2.

The rule (docs/dashboard-suppression.md, "Across filters"): above the owner a filter picks
rows or columns of the unfiltered published figure, and a figure not broken down by the
filter is not shown. These tests ask for every filter a person can choose, with the
unfiltered figures, collect everything published, and check with integer programming
(``scipy.optimize.milp``) that every hidden count keeps at least two possible values.

The unknowns are the counts of reviews of each (area, type, quarter, set of themes): themes
overlap (a review can have several), so "reviews with theme T" is not a part of a
partition, and a total of a themes figure counts a review once for each of its themes."""

import itertools

import numpy as np
import pytest
from scipy.optimize import Bounds, LinearConstraint, milp

from safeguarding.dashboard.tables import Figure, Label, narrow, publish

AREAS = [1, 2, 3]
TYPES = ["rapid", "sar", "other"]
QUARTERS = [20241, 20242, 20243, 20244]
THEMES = [11, 12]
THEME_SETS = [frozenset(), frozenset({11}), frozenset({12}), frozenset({11, 12})]
KEYS = list(itertools.product(AREAS, TYPES, QUARTERS, THEME_SETS))
INDEX = {key: k for k, key in enumerate(KEYS)}

# (row dimension, column dimension) of each figure, as the dashboard has them for a region.
FIGURES = {
    "reviews-by-area": ("icb", "review_type"),
    "reviews-by-quarter": ("review_type", "quarter"),
    "themes-by-area": ("theme", "icb"),
    "themes-by-quarter": ("theme", "quarter"),
}
VALUES = {"icb": AREAS, "review_type": TYPES, "quarter": QUARTERS, "theme": THEMES}


def _matches(key, dimension, value):
    area, review_type, quarter, themes = key
    return {
        "icb": area == value,
        "review_type": review_type == value,
        "quarter": quarter == value,
        "theme": value in themes,
    }[dimension]


def _in(key, chosen):
    return all(_matches(key, name, value) for name, value in chosen.items())


def _coefficients(name, chosen):
    """For each cell of figure ``name`` restricted to the reviews matching ``chosen``, the
    coefficient vector over KEYS ({row key: {column key: vector}}). The rows or columns of
    the filter's own dimension are narrowed to its value, as the dashboard did."""
    row_dim, column_dim = FIGURES[name]
    rows = [v for v in VALUES[row_dim] if row_dim not in chosen or chosen[row_dim] == v]
    columns = [v for v in VALUES[column_dim] if column_dim not in chosen or chosen[column_dim] == v]
    grid = []
    for r in rows:
        line = []
        for c in columns:
            vector = np.zeros(len(KEYS))
            for key in KEYS:
                if _in(key, chosen) and _matches(key, row_dim, r) and _matches(key, column_dim, c):
                    vector[INDEX[key]] = 1
            line.append(vector)
        grid.append(line)
    return rows, columns, grid


def _figure(name, counts, chosen):
    row_dim, column_dim = FIGURES[name]
    rows, columns, grid = _coefficients(name, chosen)
    n = np.array([counts[key] for key in KEYS])
    return Figure(
        key=name,
        title=name,
        summary="",
        row_heading=row_dim,
        rows=[Label(r, str(r)) for r in rows],
        columns=[Label(c, str(c)) for c in columns],
        counts=[[int(vector @ n) for vector in line] for line in grid],
        row_filter=row_dim,
        column_filter=column_dim,
    )


def old_rule(name, counts, chosen):
    """Before: each filtered figure worked out again and suppressed as a table of its own."""
    return publish(_figure(name, counts, chosen), suppress=True)


def new_rule(name, counts, chosen):
    """Now: the unfiltered figure's published values, narrowed (``tables.narrow``)."""
    return narrow(publish(_figure(name, counts, {}), suppress=True), chosen, {})


def _choices():
    """Every filter a person can choose within the year: none, one of each kind, and
    every combination of kinds."""
    kinds = {"review_type": TYPES, "icb": AREAS, "theme": THEMES}
    out = []
    for size in range(len(kinds) + 1):
        for names in itertools.combinations(kinds, size):
            for values in itertools.product(*(kinds[n] for n in names)):
                out.append(dict(zip(names, values, strict=True)))
    return out


def _bounds(cell):
    if cell.value is not None:
        return cell.value, cell.value
    if cell.reason == "primary":
        return 1, 4
    if cell.reason == "secondary":
        return 5, np.inf
    return 0, np.inf


def _published_values(published, chosen):
    """[(coefficient vector, cell)] for every value of a published figure."""
    if published.unavailable:
        return []
    kept_rows, kept_columns, grid = _coefficients(published.key, chosen)
    lookup = {
        (r, c): grid[i][j] for i, r in enumerate(kept_rows) for j, c in enumerate(kept_columns)
    }
    zero = np.zeros(len(KEYS))
    rows = [r.key for r in published.figure.rows]
    columns = [c.key for c in published.figure.columns]
    vectors = {(r, c): lookup[(r, c)] for r in rows for c in columns}
    out = []
    for i, r in enumerate(rows):
        for j, c in enumerate(columns):
            out.append((vectors[(r, c)], published.cells[i][j]))
        out.append((sum((vectors[(r, c)] for c in columns), zero), published.row_totals[i]))
    for j, c in enumerate(columns):
        out.append((sum((vectors[(r, c)] for r in rows), zero), published.column_totals[j]))
    everything = sum((vectors[(r, c)] for r in rows for c in columns), zero)
    out.append((everything, published.grand_total))
    return out


def _attack(counts, rule):
    """Ask for every figure with every choice of filters; return, for every hidden value,
    (its true value, least, most) consistent with everything published."""
    values = []
    for name in FIGURES:
        for chosen in _choices():
            values += _published_values(rule(name, counts, chosen), chosen)
    a = np.array([v for v, _ in values])
    lo = np.array([_bounds(c)[0] for _, c in values], dtype=float)
    hi = np.array([_bounds(c)[1] for _, c in values], dtype=float)
    constraints = LinearConstraint(a, lo, hi)
    n = np.array([counts[key] for key in KEYS])
    hidden = {}
    for vector, cell in values:
        if cell.value is None and vector.any():
            hidden.setdefault(tuple(vector), (vector, cell))
    out = []
    for vector, cell in hidden.values():
        found = []
        for sign in (1, -1):
            result = milp(
                sign * vector,
                constraints=constraints,
                integrality=np.ones(len(KEYS)),
                bounds=Bounds(0, 1_000),
            )
            assert result.status == 0
            found.append(round(sign * result.fun))
        out.append((int(vector @ n), cell.reason, *found))
    return out


def _counts(made):
    counts = dict.fromkeys(KEYS, 0)
    counts.update(made)
    return counts


def _brief_example():
    # ICB 1 in 2024 Q1: 2 rapid reviews and 5 SARs, no themes; the other ICBs are larger.
    made = {(1, "rapid", 20241, frozenset()): 2, (1, "sar", 20241, frozenset()): 5}
    for area in (2, 3):
        for review_type in TYPES:
            made[(area, review_type, 20242, frozenset({11}))] = 6 + area
    return _counts(made)


def test_the_attack_across_filters_worked_under_the_old_rule():
    counts = _brief_example()
    unfiltered = old_rule("reviews-by-area", counts, {})
    row = [c.text for c in unfiltered.cells[0]]
    assert row[0] == "<5" and unfiltered.row_totals[0].text == "7"
    sars = old_rule("reviews-by-area", counts, {"review_type": "sar"})
    assert sars.cells[0][0].text == "5"  # a table of its own: nothing small in it
    found = _attack(counts, old_rule)
    assert (2, "primary", 2, 2) in found  # 7 - 5: recovered exactly


def test_the_attack_across_filters_fails_under_the_new_rule():
    counts = _brief_example()
    sars = new_rule("reviews-by-area", counts, {"review_type": "sar"})
    unfiltered = new_rule("reviews-by-area", counts, {})
    assert [c.text for c in sars.cells[0]] == [unfiltered.cells[0][1].text]
    assert sars.cells[0][0].text == "*"  # the unfiltered figure's complement, as published
    # Not broken down by type: not shown for one type, rather than worked out again.
    assert new_rule("themes-by-area", counts, {"review_type": "sar"}).unavailable
    for true, _reason, least, most in _attack(counts, new_rule):
        assert least <= true <= most and least < most


@pytest.mark.parametrize("seed", range(8))
def test_no_choice_of_filters_recovers_a_hidden_count(seed):
    """Random counts (many of them small) of reviews by area, type, quarter and themes in
    one year; every figure with every filter and combination of filters a person can choose:
    every hidden count keeps two or more possible values."""
    rng = np.random.default_rng(seed)
    values = [0] * 20 + [1, 1, 2, 3, 5]
    counts = {key: int(rng.choice(values)) for key in KEYS}
    found = _attack(counts, new_rule)
    assert any(reason == "primary" for _, reason, _, _ in found)
    for true, reason, least, most in found:
        assert least <= true <= most, (true, reason)
        assert least < most, (true, reason, least, most)
    # The same requests under the old rule give some hidden counts away exactly.
    assert any(least == most for _, _, least, most in _attack(counts, old_rule))


# --- through the pages, as the regional user ---------------------------------------------------

PAGE_PATHS = {
    "overview": "/dashboard/",
    "themes": "/dashboard/themes/",
    "completeness": "/dashboard/data-completeness/",
}
#: The figures whose every value is a sum of reviews (or of review-theme pairs) by ICB,
#: type, quarter and themes: (row dimension, column dimension, total label).
CUBE_FIGURES = {
    "Reviews by ICB and type": ("icb", "review_type", "Total"),
    "Reviews by type and quarter": ("review_type", "quarter", "Total"),
    "Themes by ICB": ("theme", "icb", "Theme mentions"),
    "Themes by quarter": ("theme", "quarter", "Theme mentions"),
}


def _sheets(content):
    """{figure title: (header, rows up to and including the totals row, notes)} of an XLSX."""
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content))
    out = {}
    for sheet in book.worksheets[1:]:
        lines = [list(r) for r in sheet.iter_rows(values_only=True)]
        title, header, rest = lines[0][0], lines[1], lines[2:]
        header = [h for h in header if h is not None]
        out[title] = (header, rest)
    return out


def _inner_cells(header, rows):
    """{(row label, column label): value} of a sheet's cells, without totals or shares."""
    data = [r for r in rows if any(v is not None for v in r[1:])]
    if not data:
        return {}
    total_label = data[-1][0]
    columns = header[1 : header.index(total_label)]
    return {(r[0], c): v for r in data[:-1] for c, v in zip(columns, r[1:], strict=False)}


def _cell_bounds(text, withheld):
    if isinstance(text, int):
        return text, text
    if text == "<5":
        return 1, 4
    if text == "*" and not withheld:
        return 5, np.inf
    return 0, np.inf


@pytest.mark.django_db
def test_the_regional_user_cannot_difference_filters(client, people, orgs, review_factory):
    import datetime

    from safeguarding.dashboard import services
    from safeguarding.dashboard.figures import area_choices, theme_choices
    from safeguarding.dashboard.periods import quarter_label
    from safeguarding.organisations.models import Organisation
    from safeguarding.reviews.models import ReviewTheme
    from safeguarding.reviews.types import REVIEW_TYPES
    from safeguarding.themes.models import Theme
    from tests.conftest import sign_in

    year = datetime.date.today().year - 1
    quarters = [year * 10 + q for q in range(1, 5)]
    days = {q: datetime.date(year, 3 * (q % 10) - 1, 1) for q in quarters}
    icbs = list(
        Organisation.objects.filter(kind="icb", region=orgs["region_a"]).order_by("name")[:3]
    )
    partnerships = {
        icb.pk: Organisation.objects.filter(kind="partnership", icb=icb).order_by("pk").first()
        for icb in icbs
    }
    themes = list(Theme.objects.filter(active=True).order_by("label")[:2])
    types = ["rapid", "sar", "lcspr"]
    theme_sets = [
        frozenset(),
        *(frozenset({t.pk}) for t in themes),
        frozenset(t.pk for t in themes),
    ]
    keys = list(itertools.product([i.pk for i in icbs], types, quarters, theme_sets))
    index = {key: k for k, key in enumerate(keys)}
    rng = np.random.default_rng(15)
    counts = {key: int(rng.choice([0] * 20 + [1, 1, 2, 3, 5])) for key in keys}
    # One sure case of the attack: an ICB with 2 rapid reviews and 5 SARs in Q1.
    counts[(icbs[0].pk, "rapid", quarters[0], frozenset())] = 2
    counts[(icbs[0].pk, "sar", quarters[0], frozenset())] = 5
    for (icb, review_type, quarter, theme_set), n in counts.items():
        for i in range(n):
            review = review_factory(
                partnership=partnerships[icb],
                review_type=review_type,
                notification_date=days[quarter],
                title=f"Review {icb} {review_type} {quarter} {i}",
            )
            for pk in sorted(theme_set):
                ReviewTheme.objects.create(review=review, theme_id=pk, is_primary=False)
    services.refresh_figures()
    user = people["region"]
    sign_in(client, user)

    # Every filter value the person can choose, alone; and every combination of those
    # present in the data.
    type_values = list(REVIEW_TYPES)
    area_values = [value for value, _ in area_choices(user)]
    theme_values = [pk for pk, _ in theme_choices()]
    present = {
        "type": types,
        "area": [f"icb-{i.pk}" for i in icbs],
        "theme": [t.pk for t in themes],
    }
    choices = [{}]
    choices += [{"type": v} for v in type_values] + [{"area": v} for v in area_values]
    choices += [{"theme": v} for v in theme_values]
    for size in (2, 3):
        for names in itertools.combinations(present, size):
            for values in itertools.product(*(present[n] for n in names)):
                choices.append(dict(zip(names, values, strict=True)))

    def match(key, dimension, value):
        icb, review_type, quarter, theme_set = key
        return {
            "icb": icb == value,
            "review_type": review_type == value,
            "quarter": quarter == value,
            "theme": value in theme_set,
        }[dimension]

    def in_choice(key, chosen):
        ok = True
        if "type" in chosen:
            ok &= key[1] == chosen["type"]
        if "area" in chosen:
            ok &= f"icb-{key[0]}" == chosen["area"]
        if "theme" in chosen:
            ok &= chosen["theme"] in key[3]
        return ok

    labels = {
        "icb": {i.name: i.pk for i in icbs},
        "review_type": {label: code for code, label in REVIEW_TYPES.items()},
        "quarter": {quarter_label(q): q for q in quarters},
        "theme": {t.label: t.pk for t in Theme.objects.all()},
    }
    base = f"from={quarters[0]}&to={quarters[-1]}"
    published = {}  # (page, choice) -> sheets
    for page, path in PAGE_PATHS.items():
        for chosen in choices:
            query = "&".join([base, *(f"{k}={v}" for k, v in chosen.items())])
            response = client.get(f"{path}?{query}&download=xlsx")
            assert response.status_code == 200, (page, chosen)
            published[(page, tuple(sorted(chosen.items())))] = _sheets(response.content)

    # 1. A filtered figure is the unfiltered one's rows or columns, or is not shown.
    not_shown = 0
    for (page, chosen), sheets in published.items():
        unfiltered = published[(page, ())]
        for title, (header, rows) in sheets.items():
            if any(row[0] and "not shown" in str(row[0]) for row in rows):
                not_shown += 1
                continue
            whole = _inner_cells(*unfiltered[title])
            for (row, column), value in _inner_cells(header, rows).items():
                assert whole[(row, column)] == value, (page, chosen, title, row, column)
    assert not_shown

    # 2. Everything published, as linear constraints on the counts; every hidden value
    # keeps at least two possible values.
    vectors, bounds, hidden = [], [], {}
    for (_page, chosen), sheets in published.items():
        chosen = dict(chosen)
        for title, (header, rows) in sheets.items():
            if title not in CUBE_FIGURES or not rows:
                continue
            if any(row[0] and "not shown" in str(row[0]) for row in rows):
                continue
            row_dim, column_dim, total_label = CUBE_FIGURES[title]
            end = header.index(total_label)
            columns = header[1:end]
            body = []
            for row in rows:
                body.append(row)
                if row[0] == total_label:
                    break
            texts = [v for row in body for v in row[1 : end + 1]]
            withheld = all(v == "*" for v in texts)
            grid = {}
            for row in body[:-1]:
                for column in columns:
                    vector = np.zeros(len(keys))
                    for key in keys:
                        if (
                            in_choice(key, chosen)
                            and match(key, row_dim, labels[row_dim][row[0]])
                            and match(key, column_dim, labels[column_dim][column])
                        ):
                            vector[index[key]] = 1
                    grid[(row[0], column)] = vector
            zero = np.zeros(len(keys))
            for row in body:
                is_total = row[0] == total_label
                names = [r[0] for r in body[:-1]] if is_total else [row[0]]
                for j, column in enumerate([*columns, None]):
                    cols = columns if column is None else [column]
                    vector = sum((grid[(r, c)] for r in names for c in cols), zero)
                    text = row[1 + j]
                    lo, hi = _cell_bounds(text, withheld)
                    vectors.append(vector)
                    bounds.append((lo, hi))
                    if not isinstance(text, int) and vector.any():
                        hidden.setdefault(tuple(vector), vector)
    a = np.array(vectors)
    constraints = LinearConstraint(
        a, np.array([b[0] for b in bounds], dtype=float), np.array([b[1] for b in bounds])
    )
    truth = np.array([counts[key] for key in keys])
    assert hidden
    for vector in hidden.values():
        found = []
        for sign in (1, -1):
            result = milp(
                sign * vector,
                constraints=constraints,
                integrality=np.ones(len(keys)),
                bounds=Bounds(0, 1_000),
            )
            assert result.status == 0
            found.append(round(sign * result.fun))
        least, most = found
        assert least <= vector @ truth <= most
        assert least < most, (vector @ truth, least, most)
