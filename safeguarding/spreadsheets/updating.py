"""Updating reviews already recorded from a re-imported tracker, matched by local reference.

A team that keeps its tracker in a spreadsheet imports it again when dates and statuses
have moved on. When the person chooses to (``ImportBatch.update_existing``), a row whose
local reference is already recorded for the same partnership updates that review instead
of being refused. Only the file's own columns are compared, and an empty cell leaves the
recorded value as it is: a tracker that never had a column, or left a cell blank, does not
wipe what the service knows. The check shows every change (``row.changes``, the same
description ``reviews.services.update_review`` writes to the audit trail) before anything
is saved, and the import refuses a review that has changed since that check.
"""

from django.db.models import Prefetch

from safeguarding.reviews import services as review_services
from safeguarding.reviews.models import ReviewTheme

THEME_KEYS = ("primary_themes", "other_themes")


def _given(key, row, columns):
    """Whether the file gives ``key`` on this row: its column is there and not empty."""
    if key == "publication_status" and key not in columns and "scrt_status" in columns:
        key = "scrt_status"  # S-CRT's open/closed status is read as the publication status
    return key in columns and key not in row.blank


def update_data(row, columns, review):
    """What saving ``row`` onto ``review`` sets: the file's non-empty columns only.

    ``columns`` are the review fields the file's columns were mapped to.
    """
    data = {}
    for key in review_services.EDITABLE_FIELDS:
        if key == "title" and row.title_made_up:
            continue
        value = row.data.get(key)
        if _given(key, row, columns) and value not in (None, "", []):
            data[key] = value
    given = {key for key in THEME_KEYS if _given(key, row, columns) and row.data.get(key)}
    if given:
        recorded = list(review.review_themes.all())
        for key, primary in (("primary_themes", True), ("other_themes", False)):
            data[key] = (
                row.data[key]
                if key in given
                else [rt.theme for rt in recorded if rt.is_primary == primary]
            )
    precision = row.data.get("date_precision") or {}
    data["date_precision"] = {k: v for k, v in precision.items() if k in data}
    return data


def plan(user, validation, mapping):
    """Fill in, for each row that updates a review, the version, data and changes."""
    rows = [row for row in validation.preview if row.existing_id is not None]
    if not rows:
        return
    columns = set((mapping or {}).values())
    reviews = {
        review.pk: review
        for review in review_services.visible_reviews(user)
        .filter(pk__in=[row.existing_id for row in rows])
        .select_related("partnership", "icb", "converted_from")
        .prefetch_related(
            Prefetch("review_themes", queryset=ReviewTheme.objects.select_related("theme"))
        )
    }
    for row in rows:
        review = reviews[row.existing_id]
        row.existing_version = review.version
        row.update = update_data(row, columns, review)
        row.changes = review_services.planned_changes(review, row.update)
        row.existing_title = review.title


def stale_rows(validation, checked_versions):
    """(line, reference) of rows whose review changed since the check that showed the diff."""
    return [
        (row.line, row.data.get("reference") or "")
        for row in validation.rows
        if row.existing_id is not None
        and checked_versions.get(str(row.existing_id)) != row.existing_version
    ]


def checked_versions(validation):
    return {
        str(row.existing_id): row.existing_version
        for row in validation.preview
        if row.existing_id is not None
    }
