"""The differencing attack of issue 15 (item 4): a person above the owning organisation reads
"<5" for a quarter, then the total of two quarters and the other quarter, and subtracts.

The rule (docs/dashboard-suppression.md): above the owner periods are whole calendar years,
each year is suppressed on its own, and a longer period publishes the sums of its years'
published values. These tests ask for every period a person can choose, collect everything
published, and check with integer programming that every suppressed count still has at least
two values consistent with all of it."""

import csv
import datetime
import io
import itertools

import numpy as np
import pytest
from scipy.optimize import Bounds, LinearConstraint, milp

from safeguarding.dashboard import services
from safeguarding.dashboard.periods import quarter_label, quarters_between
from safeguarding.dashboard.tables import RANGE, Figure, Label, publish, publish_blocks
from tests.conftest import sign_in

TYPES = ["rapid", "sar"]


def _quarter_figure(counts, quarters):
    """Reviews by type and quarter for ``quarters``, from {(type, quarter): count}."""
    columns = [Label(q, quarter_label(q)) for q in quarters]
    rows = [Label(t, t) for t in TYPES]
    return Figure(
        key="reviews-by-quarter",
        title="Reviews by type and quarter",
        summary="",
        row_heading="Type",
        rows=rows,
        columns=columns,
        counts=[[counts.get((t, q), 0) for q in quarters] for t in TYPES],
        period_columns="quarter",
    )


def _published_for(counts, first, last):
    """What a person above the owner is shown for the period first..last (as the service
    does it: widened to whole years, then published from the years)."""
    first, last = first // 10 * 10 + 1, last // 10 * 10 + 4
    whole = _quarter_figure(counts, quarters_between(first, last))
    blocks = [
        (year, _quarter_figure(counts, quarters_between(year * 10 + 1, year * 10 + 4)))
        for year in range(first // 10, last // 10 + 1)
    ]
    return publish_blocks(whole, blocks)


def _old_rule(counts, first, last):
    """The rule before issue 15: each requested period suppressed on its own."""
    return publish(_quarter_figure(counts, quarters_between(first, last)), suppress=True)


def _constraints(published, index):
    """(coefficient row, lo, hi) for each published value: the sets of (type, quarter)
    counts it adds up, and what the page says of it."""
    figure = published.figure
    out = []

    def add(keys, cell):
        row = np.zeros(len(index))
        for key in keys:
            row[index[key]] = 1
        if cell.value is not None:
            lo = hi = cell.value
        elif cell.reason == "primary":
            lo, hi = 1, 4
        elif cell.reason == RANGE and "–" in cell.text:
            lo, hi = (int(x.replace(",", "")) for x in cell.text.split("–"))
        elif cell.reason == RANGE and cell.text.endswith("+"):
            lo, hi = int(cell.text[:-1].replace(",", "")), np.inf
        elif cell.reason == "secondary":
            lo, hi = 5, np.inf
        else:
            lo, hi = 0, np.inf
        out.append((row, lo, hi))

    quarters = [c.key for c in figure.columns]
    for i, t in enumerate(r.key for r in figure.rows):
        for j, q in enumerate(quarters):
            add([(t, q)], published.cells[i][j])
        add([(t, q) for q in quarters], published.row_totals[i])
    for j, q in enumerate(quarters):
        add([(t, q) for t in TYPES], published.column_totals[j])
    add([(t, q) for t in TYPES for q in quarters], published.grand_total)
    return out


def _candidates(constraints, index, key):
    """The least and greatest integer value of one count consistent with everything."""
    a = np.array([c[0] for c in constraints])
    lo = np.array([c[1] for c in constraints], dtype=float)
    hi = np.array([c[2] for c in constraints], dtype=float)
    objective = np.zeros(len(index))
    objective[index[key]] = 1
    found = []
    for sign in (1, -1):
        result = milp(
            sign * objective,
            constraints=LinearConstraint(a, lo, hi),
            integrality=np.ones(len(index)),
            bounds=Bounds(0, 10_000),
        )
        assert result.status == 0
        found.append(round(sign * result.fun))
    return found


def _attack(counts, quarters, rule):
    """Ask for every period of ``quarters``; return {suppressed small count: (least, most)}."""
    index = {(t, q): k for k, (t, q) in enumerate(itertools.product(TYPES, quarters))}
    constraints = []
    for first, last in itertools.combinations_with_replacement(quarters, 2):
        constraints += _constraints(rule(counts, first, last), index)
    return {key: _candidates(constraints, index, key) for key, n in counts.items() if 0 < n < 5}


QUARTERS = quarters_between(20231, 20244)


def test_the_attack_of_issue_15_worked_under_the_old_rule():
    # 3 rapid reviews in 2024 Q1 ("<5"), 9 in Q2, and the two-quarter total 12: 12 - 9 = 3.
    counts = {("rapid", 20241): 3, ("rapid", 20242): 9, ("sar", 20241): 6, ("sar", 20242): 7}
    assert _old_rule(counts, 20241, 20241).cells[0][0].text == "<5"
    assert _old_rule(counts, 20242, 20242).cells[0][0].value == 9
    assert _old_rule(counts, 20241, 20242).row_totals[0].value == 12
    found = _attack(counts, quarters_between(20241, 20242), _old_rule)
    assert found[("rapid", 20241)] == [3, 3]  # recovered exactly


def test_the_attack_fails_whatever_periods_are_asked_for():
    counts = {("rapid", 20241): 3, ("rapid", 20242): 9, ("sar", 20241): 6, ("sar", 20242): 7}
    # Every period inside 2024 is shown as the whole year: the same table each time.
    texts = {
        tuple(map(tuple, _published_for(counts, a, b).text_rows()))
        for a, b in itertools.combinations_with_replacement(quarters_between(20241, 20244), 2)
    }
    assert len(texts) == 1
    found = _attack(counts, QUARTERS, _published_for)
    for key, (least, most) in found.items():
        assert least < most, key


@pytest.mark.parametrize("seed", range(12))
def test_no_choice_of_periods_recovers_a_small_count(seed):
    """Random counts over two years (many of them small), every period a person can choose
    from 2023 Q1 to 2024 Q4: every count of 1 to 4 keeps two or more possible values."""
    rng = np.random.default_rng(seed)
    values = [0, 1, 2, 3, 4, 5, 6, 8, 9, 12, 20]
    counts = {(t, q): int(rng.choice(values)) for t in TYPES for q in QUARTERS}
    found = _attack(counts, QUARTERS, _published_for)
    assert found
    for key, (least, most) in found.items():
        assert least < most, (key, counts)


def test_a_longer_period_shows_a_range_where_a_year_is_hidden():
    counts = {("rapid", 20231): 1, ("rapid", 20234): 2, ("sar", 20231): 5, ("sar", 20234): 6}
    counts |= {("rapid", 20241): 10, ("sar", 20241): 10}
    assert _published_for(counts, 20231, 20234).row_totals[0].text == "<5"  # 2023: 3
    assert _published_for(counts, 20241, 20244).row_totals[0].text == "10"
    published = _published_for(counts, 20231, 20244)
    rapid = published.row_totals[0]
    # 2023 is two "<5" cells (so 2 to 4 between them, as its own table says) plus 10.
    assert rapid.reason == RANGE and rapid.text == "12–14"
    low, high = (int(x) for x in published.grand_total.text.split("–"))
    assert low <= 34 <= high  # 2023's grand total is a complement here: a range, and true


# --- through the pages, as the regional user ---------------------------------------------------


def _csv(client, query, figure):
    response = client.get(f"/dashboard/?{query}&download=csv&figure={figure}")
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.mark.django_db
def test_the_regional_user_cannot_subtract_quarters(client, people, orgs, review_factory):
    year = datetime.date.today().year - 1
    first, second = datetime.date(year, 2, 1), datetime.date(year, 5, 1)
    made = {("rapid", first): 3, ("rapid", second): 9, ("sar", first): 6, ("sar", second): 7}
    for (review_type, day), n in made.items():
        partnership = orgs["partnership_a_sab" if review_type == "sar" else "partnership_a"]
        for i in range(n):
            review_factory(
                partnership=partnership,
                review_type=review_type,
                notification_date=day,
                title=f"Child {review_type} {i}",
            )
    services.refresh_figures()
    sign_in(client, people["region"])
    q1, q2 = year * 10 + 1, year * 10 + 2
    tables = {
        (a, b): _csv(client, f"from={a}&to={b}", "reviews-by-quarter")
        for a, b in ((q1, q1), (q2, q2), (q1, q2))
    }
    # The quarter alone, the other quarter alone and the two together: the same table.
    assert tables[(q1, q1)] == tables[(q2, q2)] == tables[(q1, q2)]
    _title, header, *rows = tables[(q1, q2)]
    rapid = next(r for r in rows if r[0] == "Rapid review")
    assert rapid[header.index(f"{year} Q1")] == "<5"
    # The two quarters' total is published, so the other quarter is not: 12 - "*" is 1 to 4.
    assert rapid[header.index(f"{year} Q2")] == "*"
    assert rapid[header.index("Total")] == "12"
    # And every table published to the region is audited: nothing hidden can be worked out.
    from safeguarding.dashboard.suppression import disclosed_cells

    for published in services.page_figures(people["region"], "overview", _filters(q1, q2)):
        if published.figure.rows and published.figure.columns:
            assert not disclosed_cells(*_audit_input(published)), published.key


def _filters(first, last):
    from safeguarding.dashboard.figures import Filters

    return Filters(quarter_from=first, quarter_to=last)


def _audit_input(published):
    counts = published.figure.counts
    values = [[*row, sum(row)] for row in counts]
    values.append([sum(row[j] for row in counts) for j in range(len(counts[0]))])
    values[-1].append(sum(values[-1]))
    mapping = {"": "", "primary": "primary", "secondary": "secondary"}
    grid = [[*row, t] for row, t in zip(published.cells, published.row_totals, strict=True)]
    grid.append([*published.column_totals, published.grand_total])
    return values, [[mapping.get(c.reason, "withheld") for c in row] for row in grid]


@pytest.mark.django_db
def test_a_small_cell_is_no_link_and_its_records_are_not_listed(
    client, people, orgs, review_factory
):
    year = datetime.date.today().year - 1
    day = datetime.date(year, 2, 1)
    for i in range(3):
        review_factory(
            review_type="sar",
            notification_date=day,
            title=f"Adult {i}",
            partnership=orgs["partnership_a_sab"],
        )
    for i in range(8):
        review_factory(review_type="rapid", notification_date=day, title=f"Child {i}")
    services.refresh_figures()
    q1 = year * 10 + 1
    query = f"from={q1}&to={q1}&review_type=sar&quarter={q1}"
    sign_in(client, people["region"])
    html = client.get(f"/dashboard/?from={q1}&to={q1}").content.decode()
    assert "review_type=sar&amp;quarter" not in html and "review_type=sar&quarter" not in html
    html = client.get(f"/dashboard/records/reviews/?{query}").content.decode()
    assert "Adult 0" not in html and "Fewer than 5 reviews match" in html
    assert "3 reviews" not in html
    # Five or more are listed, as before.
    html = client.get(f"/dashboard/records/reviews/?from={q1}&to={q1}&review_type=rapid").content
    assert b"Child 0" in html and b"8 reviews" in html
    # The owning organisation sees its own records and numbers.
    client.logout()
    sign_in(client, people["icb_a"])
    html = client.get(f"/dashboard/records/reviews/?{query}").content.decode()
    assert "Adult 0" in html and "3 reviews" in html


def _least(constraints, index, keys):
    """The least sum of ``keys`` consistent with ``constraints`` (integer programming)."""
    a = np.array([c[0] for c in constraints])
    lo = np.array([c[1] for c in constraints], dtype=float)
    hi = np.array([c[2] for c in constraints], dtype=float)
    objective = np.zeros(len(index))
    for key in keys:
        objective[index[key]] = 1
    result = milp(
        objective,
        constraints=LinearConstraint(a, lo, hi),
        integrality=np.ones(len(index)),
        bounds=Bounds(0, 10_000),
    )
    assert result.status == 0
    return round(result.fun)


def _sums(published):
    """[(the (type, quarter) counts a published value adds up, its DisplayCell)]."""
    figure = published.figure
    quarters = [c.key for c in figure.columns]
    out = []
    for i, t in enumerate(r.key for r in figure.rows):
        out += [([(t, q)], published.cells[i][j]) for j, q in enumerate(quarters)]
        out.append(([(t, q) for q in quarters], published.row_totals[i]))
    for j, q in enumerate(quarters):
        out.append(([(t, q) for t in TYPES], published.column_totals[j]))
    out.append(([(t, q) for t in TYPES for q in quarters], published.grand_total))
    return out


def _check_least_values(counts):
    """Every "N+" of the two-year period is true and says no more than the single years'
    tables do: N is at most the least value the years' published values allow. Returns
    the texts of the "N+" cells."""
    index = {(t, q): k for k, (t, q) in enumerate(itertools.product(TYPES, QUARTERS))}
    years = []
    for year in (2023, 2024):
        years += _constraints(_published_for(counts, year * 10 + 1, year * 10 + 4), index)
    found = []
    for keys, cell in _sums(_published_for(counts, 20231, 20244)):
        if cell.reason == RANGE and cell.text.endswith("+"):
            least = int(cell.text[:-1].replace(",", ""))
            assert 0 < least <= sum(counts.get(k, 0) for k in keys), (keys, cell.text)
            assert least <= _least(years, index, keys), (keys, cell.text)
            found.append(cell.text)
    return found


def test_a_sum_with_an_unbounded_hidden_part_shows_the_least_value_the_years_allow():
    # 2023: rapid 1, 1, 1, 1 and no SARs: four 1s, total 4, and so are the quarters'
    # totals: nothing non-zero could be shown, the year is withheld (each value at least 0).
    counts = {("rapid", q): 1 for q in quarters_between(20231, 20234)}
    counts |= {("rapid", 20241): 3, ("rapid", 20242): 9, ("rapid", 20243): 12}
    counts |= {("rapid", 20244): 10, ("sar", 20241): 6, ("sar", 20242): 7}
    counts |= {("sar", 20243): 20, ("sar", 20244): 11}
    assert _published_for(counts, 20231, 20234).withheld
    year_2024 = _published_for(counts, 20241, 20244)
    assert [c.text for c in year_2024.row_totals] == ["34", "44"]
    both = _published_for(counts, 20231, 20244)
    assert not both.withheld  # only one of its years is
    # Over the two years: 2023's part has no upper bound, 2024's is published. The old
    # display was "*"; now the least value, which the years' tables give anyway.
    assert [c.text for c in both.row_totals] == ["34+", "44+"]
    assert both.grand_total.text == "78+"
    assert [c.text for c in both.column_totals][4:] == ["9", "16", "32", "21"]
    assert sorted(_check_least_values(counts)) == ["34+", "44+", "78+"]
    found = _attack(counts, QUARTERS, _published_for)
    assert all(least < most for least, most in found.values()), found


@pytest.mark.parametrize("seed", range(12))
def test_least_values_are_derivable_from_the_years(seed):
    rng = np.random.default_rng(100 + seed)
    values = [0, 1, 1, 1, 2, 3, 4, 5, 6, 8, 9, 12, 20]
    counts = {(t, q): int(rng.choice(values)) for t in TYPES for q in QUARTERS}
    _check_least_values(counts)
