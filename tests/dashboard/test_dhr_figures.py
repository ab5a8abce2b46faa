"""The DHR figures equal counts made straight from the DHRD CSV files.

The dataset is imported once for the module (inside a transaction rolled back at the end);
the expected figures are computed here with the csv module, not the importer's parsing.
"""

import csv
import os
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction

from safeguarding.accounts.models import User
from safeguarding.dashboard import dhr
from safeguarding.organisations.reference import AREA_TO_REGION_CODE, load_reference_data
from safeguarding.reviews.models import Review
from safeguarding.spreadsheets import dhrd

DHRD_DIR = Path(os.environ.get("DHRD_DIR") or settings.BASE_DIR.parent / "shared" / "data" / "dhrd")
NORTH_WEST = "Y62"

# Written out by hand from the CSV values (see docs/dashboard-dhr.md).
RELATIONSHIP_FLAGS = (
    "intimate_partner_violence",
    "familial_homicide",
    "parricide",
    "homicide_suicide",
)
VICTIM_RELATIONSHIP = {
    "intimate_partner": {
        "Spouse (incl civil partner)",
        "Common-law spouse",
        "Boyfriend or girlfriend",
        "Ex-spouse",
        "Ex-boyfriend or ex-girlfriend",
        "Casual sexual partner",
    },
    "parent": {"Parent", "Step-parent"},
    "other_relative": {
        "Son or daughter",
        "Grandparent",
        "Sibling",
        "Half-sibling",
        "Step-sibling",
        "Other (relative)",
    },
    "non_relative": {"Cohabitant", "Emotional rival", "Other (non-relative)"},
    "unknown": {"Unknown", ""},
}
NOT_TAGS = {"incident_id", "victim_id", "multiple_victims", *RELATIONSHIP_FLAGS}


def read(name):
    with (DHRD_DIR / name).open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def boolean_columns(rows):
    return sorted(
        column
        for column in rows[0]
        if column not in NOT_TAGS and all(r[column] in {"True", "False", ""} for r in rows)
    )


@cache
def expected_figures(by="region"):
    """{figure key: (counts, denominators)}, keyed (row, year, category), zeros left out."""
    incidents, victims = read("incidents.csv"), read("victims.csv")
    victim_of = {v["incident_id"]: v for v in victims}
    incident_tags, victim_tags = boolean_columns(incidents), boolean_columns(victims)
    out = {k: (Counter(), Counter()) for k in dhr.FIGURE_KEYS}

    def add(figure, where, category, hit, recorded=True):
        counts, denominators = out[figure]
        if recorded:
            denominators[(*where, category)] += 1
            if hit:
                counts[(*where, category)] += 1

    for incident in incidents:
        if by == "region":
            row = AREA_TO_REGION_CODE[incident["region"]]
            # Milton Keynes's reference partnership takes its NHS region from its ICB (BLMK).
            if (incident["csp"], incident["region"]) == ("Milton Keynes", "South East"):
                row = "Y61"
        else:
            row = incident["region"]
        where = (row, int(incident["death_date"].split()[-1]))
        victim = victim_of.get(incident["incident_id"])

        flags = [f for f in RELATIONSHIP_FLAGS if incident[f] == "True"]
        for flag in RELATIONSHIP_FLAGS:
            add("relationship", where, flag, flag in flags, incident[flag] != "")
        add("relationship", where, "other_or_unknown", not flags)

        if victim is None:
            group = sex = age = "multiple_victims"
        else:
            relationship = victim["relationship_to_perpetrator"]
            group = next(g for g, names in VICTIM_RELATIONSHIP.items() if relationship in names)
            sex = victim["sex_of_victim"].lower()
            age = victim["age_at_death"].lower()
        for figure, value, categories in (
            ("victim_relationship", group, [*VICTIM_RELATIONSHIP, "multiple_victims"]),
            ("victim_sex", sex, ["female", "male", "other", "unknown", "multiple_victims"]),
            (
                "victim_age",
                age,
                ["16-19", "20-24", "25-34", "35-44", "45-54", "55-64", "65+", "unknown"]
                + ["multiple_victims"],
            ),
        ):
            assert value in categories, (figure, value)
            for category in categories:
                add(figure, where, category, category == value)

        for tag in incident_tags:
            add("incident_tags", where, tag, incident[tag] == "True", incident[tag] != "")
        if victim is not None:
            for tag in victim_tags:
                add("victim_tags", where, tag, victim[tag] == "True", victim[tag] != "")
    return out, incident_tags, victim_tags


def nonzero(counter):
    return {k: v for k, v in counter.items() if v}


def only_row(counter, row):
    return {k: v for k, v in counter.items() if k[0] == row}


@pytest.fixture(scope="module")
def dataset(django_db_setup, django_db_blocker):
    """The DHRD imported once for this module; rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_reference_data()
        result = dhrd.import_dhrd(DHRD_DIR)
        assert result.created == 647
        # A national user made here, not with `people`: hashing passwords for every test
        # would cost more than the figures.
        user = User.objects.create(
            username="dhr-figures-national", role="oversight", scope_level="national"
        )
        yield user
        transaction.set_rollback(True)


@pytest.fixture
def national(dataset, db):
    return User.objects.get(pk=dataset.pk)  # fresh: no scope cached from another test


@pytest.mark.parametrize("by", ["region", "area"])
@pytest.mark.parametrize("key", dhr.FIGURE_KEYS)
def test_every_figure_equals_the_csv_counts(national, key, by):
    expected, _, _ = expected_figures(by)
    figure = dhr.dhr_figures(national, by=by)[key]
    counts, denominators = expected[key]
    assert nonzero(figure.denominators) == nonzero(denominators)
    assert nonzero(figure.counts) == nonzero(counts)
    assert not figure.unmapped  # every value in the dataset is mapped


def test_every_tag_in_the_csvs_is_a_category(national):
    _, incident_tags, victim_tags = expected_figures()
    figures = dhr.dhr_figures(national)
    assert sorted(c.key for c in figures["incident_tags"].categories) == incident_tags
    assert sorted(c.key for c in figures["victim_tags"].categories) == victim_tags
    # The named lists cover them all: no tag falls back to a made-up label.
    assert {c.key for c in dhr.INCIDENT_TAGS} == set(incident_tags)
    assert {c.key for c in dhr.VICTIM_TAGS} == set(victim_tags)


def test_rows_years_totals_and_records(national):
    incidents = read("incidents.csv")
    figures = dhr.dhr_figures(national)
    assert figures.total == 647
    assert [r.key for r in figures.rows] == ["Y61", "Y56", "Y60", "Y63", "Y62", "Y59", "Y58", None]
    assert figures.rows[-1].label == dhr.NO_REGION_LABEL
    assert figures.years == tuple(sorted({int(r["death_date"].split()[-1]) for r in incidents}))
    assert sum(figures.incidents[(None, y)] for y in figures.years) == 29  # Wales

    relationship = figures["relationship"]
    ipv = sum(r["intimate_partner_violence"] == "True" for r in incidents)
    assert relationship.total("intimate_partner_violence") == dhr.Cell(ipv, 647)
    stalking_2019 = sum(
        r["stalking"] == "True" and r["death_date"].endswith("2019") for r in incidents
    )
    assert figures["incident_tags"].total("stalking", year=2019).count == stalking_2019

    female_nw = figures["victim_sex"].total("female", row=NORTH_WEST)
    expected, _, _ = expected_figures()
    counts, _ = expected["victim_sex"]
    assert female_nw.count == sum(
        n for (r, _, c), n in counts.items() if (r, c) == (NORTH_WEST, "female")
    )
    assert female_nw.denominator == sum(figures.incidents[(NORTH_WEST, y)] for y in figures.years)

    # Exclusive figures: the shares of a cell add up to 1; records cover every cell.
    for key in ("victim_relationship", "victim_sex", "victim_age"):
        figure = figures[key]
        assert not figure.multi_label
        for (row, year), n in figures.incidents.items():
            cells = [figure.cell(row, year, c.key) for c in figure.categories]
            assert sum(c.count for c in cells) == n
            assert sum(c.share for c in cells) == pytest.approx(1)
        records = figure.records()
        assert len(records) == len(figure.rows) * len(figure.years) * len(figure.categories)
        assert sum(r["count"] for r in records) == 647
    assert set(figures["relationship"].records()[0]) == {
        "figure",
        "region",
        "region_name",
        "year",
        "category",
        "category_label",
        "count",
        "denominator",
        "share",
    }


def test_region_and_year_filters(national):
    expected, _, _ = expected_figures()
    figures = dhr.dhr_figures(national, region=NORTH_WEST, year_from=2015, year_to=2018)
    assert [r.key for r in figures.rows] == [NORTH_WEST]
    assert set(figures.years) <= {2015, 2016, 2017, 2018}
    for key in dhr.FIGURE_KEYS:
        counts, denominators = expected[key]
        wanted = {k: v for k, v in only_row(counts, NORTH_WEST).items() if 2015 <= k[1] <= 2018}
        assert nonzero(figures[key].counts) == wanted
    # A single figure alone gives the same.
    alone = dhr.victim_sex_figure(national, region=NORTH_WEST, year_from=2015, year_to=2018)
    assert nonzero(alone.counts) == nonzero(figures["victim_sex"].counts)


def test_a_region_user_gets_only_their_region(dataset, people):
    user = people["region"]
    assert user.region.code == NORTH_WEST
    expected, _, _ = expected_figures()
    figures = dhr.dhr_figures(user)
    assert [r.key for r in figures.rows] == [NORTH_WEST]
    assert figures.total == sum(
        1 for r in read("incidents.csv") if AREA_TO_REGION_CODE[r["region"]] == NORTH_WEST
    )
    for key in dhr.FIGURE_KEYS:
        counts, denominators = expected[key]
        assert nonzero(figures[key].counts) == only_row(counts, NORTH_WEST)
        assert nonzero(figures[key].denominators) == only_row(denominators, NORTH_WEST)
    # Asking for another region gives nothing, not that region's figures.
    other = dhr.dhr_figures(user, region="Y59")
    assert other.total == 0 and other.rows == () and not other["incident_tags"].counts


def test_an_organisation_user_gets_only_their_reviews(dataset, people):
    user = people["icb_a"]
    figures = dhr.dhr_figures(user)
    visible = Review.objects.visible_to(user).filter(review_type="dhr", source="dhrd")
    assert figures.total == visible.count() < 647
    assert {r.key for r in figures.rows} <= {NORTH_WEST}


def test_a_fixed_number_of_queries(national, people, django_assert_num_queries):
    region_user = people["region"]
    for user in (national, region_user):
        with django_assert_num_queries(1):
            dhr.dhr_figures(user)
        with django_assert_num_queries(1):
            dhr.dhr_figures(user, region=NORTH_WEST, year_from=2010, year_to=2020, by="area")
        with django_assert_num_queries(1):
            dhr.incident_tags_figure(user)


def test_other_review_types_and_sources_are_left_out(national, review_factory, orgs):
    before = dhr.dhr_figures(national).total
    review_factory(review_type="dhr")  # a DHR entered by hand: no dataset attributes
    review_factory(review_type="sar", source="dhrd", source_id="not-a-dhr")
    assert dhr.dhr_figures(national).total == before == 647


def _true_count(counter, by, row, category):
    index = 0 if by == "region" else 1
    return sum(v for k, v in counter.items() if k[index] == row and k[2] == category)


@pytest.mark.parametrize("by", ["region", "year"])
@pytest.mark.parametrize("key", dhr.FIGURE_KEYS)
def test_the_national_dhr_view_publishes_the_csv_counts(national, key, by):
    """The national DHR view, by region and by year: every published count and share equals
    the CSV; a hidden count is 1 to 4 ("<5") or a complement ("*"), never shown."""
    from safeguarding.dashboard import dhr_page

    expected, _, _ = expected_figures("region")
    counts, denominators = expected[key]
    view = dhr_page.dhr_view(national, key=key, by=by, suppress=True)
    published = view.counts
    assert published.figure.rows and published.figure.columns
    hidden = 0
    for i, row in enumerate(published.figure.rows):
        for j, column in enumerate(published.figure.columns):
            true = _true_count(counts, by, row.key, column.key)
            cell = published.cells[i][j]
            if cell.value is None:
                hidden += 1
                assert cell.text in ("<5", "*")
                if cell.text == "<5":
                    assert 1 <= true <= 4
            else:
                assert cell.value == true, (row, column)
                denominator = _true_count(denominators, by, row.key, column.key)
                share = view.shares[i][j]
                if share.value is not None and true == 0:
                    assert share.value == 0
                elif share.value is not None:
                    if view.multi_label:
                        assert share.value == pytest.approx(100 * true / denominator)
                    else:
                        row_total = sum(
                            _true_count(counts, by, row.key, c.key)
                            for c in published.figure.columns
                        )
                        assert published.row_totals[i].value == row_total
                        assert share.value == pytest.approx(100 * true / row_total)
    # The national total of every category is published when it is 5 or more.
    for j, column in enumerate(published.figure.columns):
        true = sum(v for k, v in counts.items() if k[2] == column.key)
        total = published.column_totals[j]
        assert total.value in (None, true)
        if true >= 5 and not view.multi_label:
            assert total.value == true or total.text == "*"
    assert published.grand_total.value == 647 or published.grand_total.text == "*"


def test_the_dhr_page_shows_the_figures(client, national):
    from tests.conftest import sign_in

    sign_in(client, national)
    response = client.get("/dashboard/domestic-homicide-reviews/?figure=incident_tags&by=year")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Coercive control" in html and "647 imported reviews" in html
    assert "Cook, D. and Cook, E. A. (2026)" in html
