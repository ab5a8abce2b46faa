"""Figures for the national DHR view, from the Domestic Homicide Review Dataset (DHRD).

Cook, D. and Cook, E. A. (2026) The Domestic Homicide Review Dataset (DHRD) for England
and Wales, v1.0.0. doi:10.5281/zenodo.21108268. CC BY 4.0.

Every figure counts the imported DHRs a person may see
(``Review.objects.visible_to(user)``, type ``dhr``, source ``dhrd``) by region (NHS England
region by default, or the dataset's own region) × year of the incident (the year of
``incident_date``, which the importer sets from the dataset's ``death_date``), for:

* ``relationship``: the incident's Home Office relationship flags (intimate partner,
  familial, parricide, homicide-suicide; an incident can have several) and "none of these";
* ``victim_relationship``: the victim's ``relationship_to_perpetrator``, grouped into one
  category each (intimate partner, parent (parricide), other relative, non-relative, unknown,
  more than one victim);
* ``victim_sex`` and ``victim_age``: one category each (with unknown, and more than one
  victim: victims.csv describes single-victim incidents only);
* ``incident_tags`` and ``victim_tags``: the prevalence of each tag among the incidents
  that record it (true or false; blank is unknown and left out of the denominator).

One SQL query per call, whatever the number of reviews: ``values_list`` of the region,
the date of incident and ``source_data``, counted in Python (works the same on SQLite and
PostgreSQL). Working out the person's scope may add queries the first time (organisation
scope only; it is cached on the user). See docs/dashboard-dhr.md.

The results are plain data (``Figure``, ``Cell``, ``records()``) for pages, CSV/XLSX
export and small-number suppression; nothing here suppresses small numbers.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from safeguarding.reviews.models import Review

REVIEW_TYPE = "dhr"
SOURCE = "dhrd"
CITATION = (
    "Cook, D. and Cook, E. A. (2026) The Domestic Homicide Review Dataset (DHRD) for England "
    "and Wales, v1.0.0. doi:10.5281/zenodo.21108268. CC BY 4.0"
)

NO_REGION_LABEL = "Outside NHS England (Wales)"
NO_AREA_LABEL = "No region recorded"
ALL = object()  # "every row" / "every year" in Figure.total


@dataclass(frozen=True)
class Category:
    key: str
    label: str


# --- the mapping -------------------------------------------------------------------------

# Relationship: the four Home Office flags of incidents.csv. They overlap (homicide-suicide
# is the perpetrator's suicide after the homicide, with any relationship; parricide cases
# are also flagged familial), so an incident counts under every flag it has.
RELATIONSHIP_FLAGS = (
    Category("intimate_partner_violence", "Intimate partner"),
    Category("familial_homicide", "Familial"),
    Category("parricide", "Parricide"),
    Category("homicide_suicide", "Homicide-suicide"),
)
RELATIONSHIP_NONE = Category("other_or_unknown", "Other or unknown (none of these flags)")

# The victim's relationship to the perpetrator (victims.csv), as the victim was to the
# perpetrator: "Parent" means the victim was the perpetrator's parent (parricide).
MULTIPLE_VICTIMS = Category("multiple_victims", "More than one victim (not recorded)")
UNKNOWN = Category("unknown", "Unknown")
VICTIM_RELATIONSHIP_GROUPS = (
    Category("intimate_partner", "Intimate partner or ex-partner"),
    Category("parent", "Parent or step-parent (parricide)"),
    Category("other_relative", "Other relative"),
    Category("non_relative", "Not a relative"),
    UNKNOWN,
    MULTIPLE_VICTIMS,
)
VICTIM_RELATIONSHIP = {
    "spouse (incl civil partner)": "intimate_partner",
    "common-law spouse": "intimate_partner",
    "boyfriend or girlfriend": "intimate_partner",
    "ex-spouse": "intimate_partner",
    "ex-boyfriend or ex-girlfriend": "intimate_partner",
    "casual sexual partner": "intimate_partner",
    "parent": "parent",
    "step-parent": "parent",
    "son or daughter": "other_relative",
    "grandparent": "other_relative",
    "sibling": "other_relative",
    "half-sibling": "other_relative",
    "step-sibling": "other_relative",
    "other (relative)": "other_relative",
    "cohabitant": "non_relative",
    "emotional rival": "non_relative",
    "other (non-relative)": "non_relative",
    "unknown": "unknown",
}

VICTIM_SEXES = (
    Category("female", "Female"),
    Category("male", "Male"),
    Category("other", "Other"),
    UNKNOWN,
    MULTIPLE_VICTIMS,
)
VICTIM_SEX = {"female": "female", "male": "male", "other": "other", "unknown": "unknown"}

AGE_BANDS = tuple(
    Category(band, band) for band in ("16-19", "20-24", "25-34", "35-44", "45-54", "55-64", "65+")
) + (UNKNOWN, MULTIPLE_VICTIMS)
AGE_BAND = {c.key: c.key for c in AGE_BANDS[:7]} | {"unknown": "unknown"}

INCIDENT_TAGS = (
    Category("coercive_control", "Coercive control"),
    Category("economic_abuse", "Economic abuse"),
    Category("stalking", "Stalking"),
    Category("separation", "Separation"),
    Category("children_present", "Children present"),
    Category("physical_abuse", "Physical abuse"),
    Category("emotional_abuse", "Emotional abuse"),
    Category("sexual_abuse", "Sexual abuse"),
    Category("forced_marriage", "Forced marriage"),
    Category("faith_based_marriage", "Faith-based marriage"),
    Category("honour_based_violence", "Honour-based violence"),
)
VICTIM_TAGS = (
    Category("victim_vuln_alcohol", "Alcohol"),
    Category("victim_vuln_substance_misuse", "Substance misuse"),
    Category("victim_vuln_housing", "Housing"),
    Category("victim_vuln_neurodiversity", "Neurodiversity"),
    Category("victim_vuln_physical_disability", "Physical disability"),
    Category("victim_vuln_pregnancy", "Pregnancy"),
    Category("victim_vuln_other", "Other vulnerability"),
    Category("victim_mental_health_issues", "Any mental health issue"),
    Category("victim_mh_anxiety", "Anxiety"),
    Category("victim_mh_depression", "Depression"),
    Category("victim_mh_adjustment_disorder", "Adjustment disorder"),
    Category("victim_mh_dementia", "Dementia"),
    Category("victim_mh_panic_attacks", "Panic attacks"),
    Category("victim_mh_ptsd", "PTSD"),
    Category("victim_mh_psychosis", "Psychosis"),
    Category("victim_mh_selfharm", "Self-harm"),
    Category("victim_mh_suicidal_thoughts", "Suicidal thoughts"),
    Category("victim_mh_suicide_attempts", "Suicide attempts"),
    Category("victim_mh_other", "Other mental health issue"),
    Category("victim_suicide", "Victim's death was suicide"),
    Category("victim_carer_responsibilities", "Victim had caring responsibilities"),
    Category("prev_offence_history", "Victim had a previous offence"),
)
# Booleans of incidents.csv that are not tags: the relationship flags and this one.
NOT_INCIDENT_TAGS = {c.key for c in RELATIONSHIP_FLAGS} | {"multiple_victims"}

FIGURE_KEYS = (
    "relationship",
    "victim_relationship",
    "victim_sex",
    "victim_age",
    "incident_tags",
    "victim_tags",
)


# --- the results -------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    count: int
    denominator: int

    @property
    def share(self):
        """count / denominator, or None when the denominator is 0."""
        return self.count / self.denominator if self.denominator else None


@dataclass(frozen=True)
class Row:
    key: str | None  # NHS region code (None: no NHS England region), or the dataset's region
    label: str


@dataclass
class Figure:
    """Counts of one breakdown by row (region) × year × category.

    ``counts`` and ``denominators`` are keyed ``(row key, year, category key)``; a missing
    key is 0. A year is ``None`` when the review has no date of incident. When
    ``multi_label`` an incident can count in several categories (shares do not add up to
    1) and each category has its own denominator (the incidents that record it); otherwise
    every category of a cell has the same denominator (all incidents in the cell) and the
    shares add up to 1. ``unmapped`` counts the raw values that went to unknown or other
    because the mapping did not know them.
    """

    key: str
    title: str
    categories: tuple
    multi_label: bool
    denominator_label: str
    rows: tuple = ()
    years: tuple = ()
    counts: Counter = field(default_factory=Counter)
    denominators: Counter = field(default_factory=Counter)
    unmapped: Counter = field(default_factory=Counter)

    def cell(self, row, year, category):
        key = (row, year, category)
        return Cell(self.counts[key], self.denominators[key])

    def total(self, category, *, row=ALL, year=ALL):
        """A category's count and denominator summed over every row and/or every year."""
        count = denominator = 0
        for (r, y, c), n in self.denominators.items():
            if c == category and (row is ALL or r == row) and (year is ALL or y == year):
                denominator += n
                count += self.counts[(r, y, c)]
        return Cell(count, denominator)

    def records(self):
        """Long format, one dict per row × year × category (zeros included): for export
        and suppression."""
        out = []
        for row in self.rows:
            for year in self.years:
                for category in self.categories:
                    cell = self.cell(row.key, year, category.key)
                    out.append(
                        {
                            "figure": self.key,
                            "region": row.key,
                            "region_name": row.label,
                            "year": year,
                            "category": category.key,
                            "category_label": category.label,
                            "count": cell.count,
                            "denominator": cell.denominator,
                            "share": cell.share,
                        }
                    )
        return out


@dataclass
class DhrFigures:
    figures: dict  # key → Figure, in FIGURE_KEYS order
    rows: tuple
    years: tuple
    incidents: Counter  # (row key, year) → number of DHRs
    by: str
    region: str | None
    year_from: int | None
    year_to: int | None
    citation: str = CITATION

    def __getitem__(self, key):
        return self.figures[key]

    @property
    def total(self):
        return sum(self.incidents.values())


# --- the queries ---------------------------------------------------------------------------


def dhr_reviews(user, *, region=None, year_from=None, year_to=None):
    """The imported DHRs the user may see, optionally in one NHS England region (a Region
    or its code) and with the incident in ``year_from``..``year_to`` (inclusive)."""
    qs = Review.objects.visible_to(user).filter(review_type=REVIEW_TYPE, source=SOURCE)
    if region is not None:
        qs = qs.filter(region__code=getattr(region, "code", region))
    if year_from is not None:
        qs = qs.filter(incident_date__gte=datetime.date(year_from, 1, 1))
    if year_to is not None:
        qs = qs.filter(incident_date__lt=datetime.date(year_to + 1, 1, 1))
    return qs


def _key(value):
    return " ".join(str(value or "").split()).casefold()


def _exclusive(figure, where, victim, field_name, mapping):
    if victim is None:
        category = MULTIPLE_VICTIMS.key
    else:
        raw = victim.get(field_name)
        category = mapping.get(_key(raw))
        if category is None:
            category = UNKNOWN.key
            if _key(raw):
                figure.unmapped[str(raw)] += 1
    figure.counts[(*where, category)] += 1
    for c in figure.categories:
        figure.denominators[(*where, c.key)] += 1


def _flags(figure, where, values, categories):
    for c in categories:
        value = (values or {}).get(c.key)
        if value is True or value is False:
            figure.denominators[(*where, c.key)] += 1
            figure.counts[(*where, c.key)] += value is True


def _extra_tags(rows, known):
    """Boolean attributes in source_data that no list above names (a later version's)."""
    extra = set()
    for values in rows:
        extra.update(k for k, v in (values or {}).items() if isinstance(v, bool))
    return tuple(Category(k, k.replace("_", " ").capitalize()) for k in sorted(extra - known))


def dhr_figures(user, *, region=None, year_from=None, year_to=None, by="region", only=None):
    """Every figure (or those named in ``only``) for the DHRs the user may see, in one
    query. ``by``: "region" (NHS England region; the scope regions) or "area" (the
    dataset's own region, which includes Wales)."""
    if by not in {"region", "area"}:
        raise ValueError("by must be 'region' or 'area'")
    keys = tuple(k for k in FIGURE_KEYS if only is None or k in only)
    data = list(
        dhr_reviews(user, region=region, year_from=year_from, year_to=year_to)
        .order_by()
        .values_list("region__code", "region__name", "incident_date", "source_data")
    )

    incidents_all = [(sd or {}).get("incident") for *_, sd in data]
    victims_all = [(sd or {}).get("victim") for *_, sd in data]
    incident_tags = INCIDENT_TAGS + _extra_tags(
        incidents_all, {c.key for c in INCIDENT_TAGS} | NOT_INCIDENT_TAGS
    )
    victim_tags = VICTIM_TAGS + _extra_tags(victims_all, {c.key for c in VICTIM_TAGS})
    specs = {
        "relationship": (
            "Relationship (Home Office flags)",
            (*RELATIONSHIP_FLAGS, RELATIONSHIP_NONE),
            True,
            "incidents with the flag recorded",
        ),
        "victim_relationship": (
            "Victim's relationship to the perpetrator",
            VICTIM_RELATIONSHIP_GROUPS,
            False,
            "incidents",
        ),
        "victim_sex": ("Victim sex", VICTIM_SEXES, False, "incidents"),
        "victim_age": ("Victim age band", AGE_BANDS, False, "incidents"),
        "incident_tags": (
            "Incident tags",
            incident_tags,
            True,
            "incidents with the tag recorded (true or false)",
        ),
        "victim_tags": (
            "Victim vulnerabilities and characteristics",
            victim_tags,
            True,
            "single-victim incidents with the item recorded (true or false)",
        ),
    }
    figures = {k: Figure(k, *specs[k]) for k in keys}

    rows, incidents = {}, Counter()
    for (code, name, when, source_data), incident, victim in zip(
        data, incidents_all, victims_all, strict=True
    ):
        if by == "region":
            row = Row(code, name or NO_REGION_LABEL)
        else:
            area = (source_data or {}).get("area") or None
            row = Row(area, area or NO_AREA_LABEL)
        rows[row.key] = row
        where = (row.key, when.year if when else None)
        incidents[where] += 1
        incident = incident or {}

        if "relationship" in figures:
            figure = figures["relationship"]
            _flags(figure, where, incident, RELATIONSHIP_FLAGS)
            figure.denominators[(*where, RELATIONSHIP_NONE.key)] += 1
            if not any(incident.get(c.key) is True for c in RELATIONSHIP_FLAGS):
                figure.counts[(*where, RELATIONSHIP_NONE.key)] += 1
        if "victim_relationship" in figures:
            _exclusive(
                figures["victim_relationship"],
                where,
                victim,
                "relationship_to_perpetrator",
                VICTIM_RELATIONSHIP,
            )
        if "victim_sex" in figures:
            _exclusive(figures["victim_sex"], where, victim, "sex_of_victim", VICTIM_SEX)
        if "victim_age" in figures:
            _exclusive(figures["victim_age"], where, victim, "age_at_death", AGE_BAND)
        if "incident_tags" in figures:
            _flags(figures["incident_tags"], where, incident, incident_tags)
        if "victim_tags" in figures and victim is not None:
            _flags(figures["victim_tags"], where, victim, victim_tags)

    ordered_rows = tuple(sorted(rows.values(), key=lambda r: (r.key is None, r.label.casefold())))
    years = tuple(sorted({y for _, y in incidents}, key=lambda y: (y is None, y or 0)))
    for figure in figures.values():
        figure.rows, figure.years = ordered_rows, years
    return DhrFigures(
        figures=figures,
        rows=ordered_rows,
        years=years,
        incidents=incidents,
        by=by,
        region=getattr(region, "code", region),
        year_from=year_from,
        year_to=year_to,
    )


def _one(key):
    def figure(user, *, region=None, year_from=None, year_to=None, by="region"):
        return dhr_figures(
            user, region=region, year_from=year_from, year_to=year_to, by=by, only=(key,)
        )[key]

    figure.__name__ = f"{key}_figure"
    figure.__doc__ = f"The {key.replace('_', ' ')} figure alone (one query)."
    return figure


relationship_figure = _one("relationship")
victim_relationship_figure = _one("victim_relationship")
victim_sex_figure = _one("victim_sex")
victim_age_figure = _one("victim_age")
incident_tags_figure = _one("incident_tags")
victim_tags_figure = _one("victim_tags")
