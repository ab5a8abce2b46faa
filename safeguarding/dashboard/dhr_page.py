"""The national DHR view: the DHRD figures (dhr.py) by region or by year, published with
small-number suppression above the owning organisation.

Cook, D. and Cook, E. A. (2026) The Domestic Homicide Review Dataset (DHRD) for England and
Wales, v1.0.0. doi:10.5281/zenodo.21108268. CC BY 4.0.
"""

from collections import Counter
from dataclasses import dataclass

from . import dhr
from .suppression import suppress_series
from .tables import Figure, Label, Published, cell_shares, publish, publish_by_column

FIGURES = {
    "relationship": "Relationship (Home Office flags)",
    "victim_relationship": "Victim's relationship to the perpetrator",
    "victim_sex": "Victim sex",
    "victim_age": "Victim age band",
    "incident_tags": "Incident tags (coercive control, economic abuse, stalking, ...)",
    "victim_tags": "Victim vulnerabilities (alcohol, substance misuse, mental health, ...)",
}
BREAKDOWNS = {"region": "By NHS England region", "year": "By year of the incident"}


@dataclass
class DhrView:
    key: str
    title: str
    by: str
    counts: Published
    shares: list  # grid of DisplayShare, rows × categories
    multi_label: bool
    denominator_label: str
    total: int
    citation: str = dhr.CITATION


def _row_key(by, row_key, year):
    return row_key if by == "region" else year


def dhr_view(
    user,
    *,
    key="relationship",
    by="region",
    region=None,
    year_from=None,
    year_to=None,
    suppress=True,
):
    """One DHR figure for the person, by region or by year, published."""
    key = key if key in FIGURES else "relationship"
    by = by if by in BREAKDOWNS else "region"
    data = dhr.dhr_figures(user, region=region, year_from=year_from, year_to=year_to, only=(key,))
    figure = data[key]
    if by == "region":
        rows = [Label(r.key, r.label) for r in data.rows]
    else:
        rows = [Label(y, str(y) if y is not None else "Year not known") for y in data.years]
    counts, denominators, incidents = Counter(), Counter(), Counter()
    for (row, year, category), n in figure.counts.items():
        counts[(_row_key(by, row, year), category)] += n
    for (row, year, category), n in figure.denominators.items():
        denominators[(_row_key(by, row, year), category)] += n
    for (row, year), n in data.incidents.items():
        incidents[_row_key(by, row, year)] += n
    columns = [Label(c.key, c.label) for c in figure.categories]
    grid = [[counts[(r.key, c.key)] for c in columns] for r in rows]
    table = Figure(
        key=f"dhr-{key}",
        title=f"{FIGURES[key].split(' (')[0]}: {BREAKDOWNS[by][:1].lower()}{BREAKDOWNS[by][1:]}",
        summary=(
            "Imported DHRs counted in every category they have (they overlap), with the "
            f"share of {figure.denominator_label}."
            if figure.multi_label
            else "Imported DHRs, one category each, with the share of the row's DHRs."
        ),
        row_heading="NHS England region" if by == "region" else "Year",
        rows=rows,
        columns=columns,
        counts=grid,
        chart="heatmap",
        unit="DHRs",
        total_label="DHRs",
        notes=[dhr.CITATION],
    )
    if figure.multi_label:
        published = publish_by_column(table, [incidents[r.key] for r in rows], suppress=suppress)
        denominator_grid = [[denominators[(r.key, c.key)] for c in columns] for r in rows]
        shown = _published_denominators(denominator_grid, suppress)
        shares = cell_shares(published, shown)
    else:
        published = publish(table, suppress=suppress)
        shares = cell_shares(published)
    return DhrView(
        key=key,
        title=FIGURES[key],
        by=by,
        counts=published,
        shares=shares,
        multi_label=figure.multi_label,
        denominator_label=figure.denominator_label,
        total=data.total,
    )


def _published_denominators(grid, suppress):
    from .tables import _plain

    if not grid:
        return []
    if not suppress:
        return [[_plain(v) for v in row] for row in grid]
    columns = [suppress_series(list(col)).cells for col in zip(*grid, strict=True)]
    return [[columns[j][i] for j in range(len(columns))] for i in range(len(grid))]
