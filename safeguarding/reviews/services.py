"""Domain operations on reviews. Each runs in one transaction and writes its audit row."""

from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone

from safeguarding import indexing
from safeguarding.accounts.scope import scope_for
from safeguarding.audit import services as audit
from safeguarding.organisations.models import Organisation
from safeguarding.themes.models import Theme
from safeguarding.versioning import check_version, diff

from . import dates as partial_dates
from . import types
from .models import Dissemination, Review, ReviewTheme

# Fields a person edits on the review form (themes are handled separately).
EDITABLE_FIELDS = (
    "title",
    "review_type",
    "reference",
    "steis_number",
    "partnership",
    "icb",
    "converted_from",
    "designated_professional",
    "case_information",
    *types.DATE_LABELS,
    "publication_status",
    "publication_url",
    "scope_start",
    "scope_end",
    "referral_source",
    "method",
    "independent_reviewer",
    "inquest",
    "criminal_proceedings",
    "learning_summary",
    "comments",
)


class NotAllowed(Exception):
    """The person may see the record but not do this to it."""


def visible_reviews(user):
    return Review.objects.visible_to(user)


def get_review(user, pk, *, request=None, audit_view=True):
    """One review in the person's scope, or 404. Reading it is audited."""
    queryset = (
        visible_reviews(user)
        .select_related("partnership", "icb", "region", "converted_from")
        .prefetch_related(
            Prefetch("review_themes", queryset=ReviewTheme.objects.select_related("theme"))
        )
    )
    return audit.read_one(
        user, queryset, pk, request=request, audit_view=audit_view, not_found="No review found"
    )


def _assert_may_own(user, partnership):
    if not scope_for(user).may_own(partnership):
        raise NotAllowed("You cannot record reviews for this partnership")


def _place(review):
    """Region and ICB follow from the partnership unless given."""
    if review.icb_id is None and review.partnership.icb_id:
        review.icb_id = review.partnership.icb_id
    review.region_id = review.partnership.region_id or (
        review.icb.region_id if review.icb else None
    )


def _set_themes(review, primary, secondary):
    ReviewTheme.objects.filter(review=review).delete()
    primary_codes = [t.code for t in primary]
    rows = [ReviewTheme(review=review, theme=t, is_primary=True) for t in primary]
    rows += [
        ReviewTheme(review=review, theme=t, is_primary=False)
        for t in secondary
        if t.code not in primary_codes
    ]
    ReviewTheme.objects.bulk_create(rows)


def _theme_codes(review):
    # Prefetched review_themes (an import comparing many reviews) are used when present.
    if "review_themes" in getattr(review, "_prefetched_objects_cache", {}):
        rows = review.review_themes.all()
    else:
        rows = ReviewTheme.objects.filter(review=review).select_related("theme")
    return (
        sorted(r.theme.code for r in rows if r.is_primary),
        sorted(r.theme.code for r in rows if not r.is_primary),
    )


def _set_precision(review, precision):
    """Store ``precision`` ({date field: 'month' | 'year'}) on ``review``, keeping it true.

    An entry stays only for a date that is set and known to less than the day ('day'
    entries are dropped), and that date is moved to the first day it could be (1 March
    2021 for March 2021). Unknown fields or precisions are a programming error.
    """
    stored = {}
    for name, value in (precision or {}).items():
        if name not in types.ALL_DATE_FIELDS:
            raise ValueError(f"{name!r} is not a date of a review")
        if value not in partial_dates.PRECISIONS:
            raise ValueError(f"Unknown date precision {value!r} for {name}")
        date = getattr(review, name)
        if date is None or value == partial_dates.DAY:
            continue
        setattr(review, name, partial_dates.normalise(date, value)[0])
        stored[name] = value
    review.date_precision = stored


def _precision_after(review, data):
    """The precision each date will have once ``data`` is saved onto ``review``.

    ``data["date_precision"]``, when given, says the precision of every date in ``data``
    (a date it does not name is known to the day). When it is absent, a date that ``data``
    leaves unchanged keeps its precision and a changed one is known to the day.
    """
    before = review.date_precision or {}
    given = data.get("date_precision")
    after = {}
    for name in types.ALL_DATE_FIELDS:
        if given is not None and (name in data or name in given):
            value = given.get(name)
        elif name in data and data[name] != getattr(review, name):
            value = None
        else:
            value = before.get(name)
        if value:
            after[name] = value
    return after


def _date_change(review, name, data, precision_after):
    """The FieldChange saving ``data`` makes to the date ``name``, described as known
    ("March 2021", not "1 March 2021"), or None if it stays as it was."""
    before = partial_dates.normalise(getattr(review, name), review.precision(name))
    value = data[name] if name in data else getattr(review, name)
    after = partial_dates.normalise(value, precision_after.get(name) if value else None)
    if before == after:
        return None
    return _change(
        name,
        str(Review._meta.get_field(name).verbose_name).capitalize(),
        partial_dates.describe(*before) or "(blank)",
        partial_dates.describe(*after) or "(blank)",
    )


def create_review(user, data, *, request=None, source="", source_id="", source_data=None):
    """Record a new review from cleaned form or import data.

    ``data["date_precision"]`` (optional) is {date field: 'month' | 'year'} for dates
    known only to the month or year; each such date is kept as its first possible day.
    """
    _assert_may_own(user, data["partnership"])
    with transaction.atomic():
        review = Review(
            **{f: data.get(f) for f in EDITABLE_FIELDS if f in data},
            created_by=user if user and user.is_authenticated else None,
            source=source,
            source_id=source_id,
            source_data=source_data or {},
        )
        for name in EDITABLE_FIELDS:
            field = Review._meta.get_field(name)
            if getattr(review, field.attname) is None and not field.null:
                setattr(review, field.attname, field.get_default())
        _set_precision(review, data.get("date_precision"))
        _place(review)
        review.save()
        _set_themes(review, data.get("primary_themes", []), data.get("other_themes", []))
        audit.record(
            user,
            "create",
            review,
            request=request,
            details={"version": 1, "source": source} if source else {"version": 1},
        )
        indexing.changed(indexing.REVIEW, review.pk)
    return review


def update_review(user, pk, data, expected_version, *, request=None, details=None):
    """Save an edit; refuse it if the review moved on since the form was loaded.

    ``data["date_precision"]``, when given, is the precision of the dates in ``data``
    ({date field: 'month' | 'year'}; a date it does not name is known to the day). When
    absent, an unchanged date keeps its precision and a changed one is known to the day.
    ``details`` are added to the audit event (an import names its batch).
    """
    with transaction.atomic():
        review = visible_reviews(user).select_for_update().filter(pk=pk).first()
        if review is None:
            raise Http404("No review found")
        _assert_may_own(user, review.partnership)
        if data.get("partnership") and data["partnership"] != review.partnership:
            _assert_may_own(user, data["partnership"])
        check_version(review, expected_version)
        changes = planned_changes(review, data)
        precision_after = _precision_after(review, data)
        for name in EDITABLE_FIELDS:
            if name in data:
                value = data[name]
                field = Review._meta.get_field(name)
                if value is None and not field.null:
                    value = field.get_default()
                setattr(review, name, value)
        _set_precision(review, precision_after)
        _place(review)
        if "primary_themes" in data:
            _set_themes(review, data["primary_themes"], data.get("other_themes", []))
        if not changes:
            return review, []
        review.version += 1
        review.save()
        audit.record(
            user,
            "change",
            review,
            request=request,
            details={
                "version": review.version,
                "changes": [c.__dict__ for c in changes],
                **(details or {}),
            },
        )
        indexing.changed(indexing.REVIEW, review.pk)
    return review, changes


def planned_changes(review, data):
    """The FieldChanges that saving ``data`` onto ``review`` would make; saves nothing.

    The one description of an edit: ``update_review`` records it in the audit trail, and
    an import that updates reviews shows it before anything is saved.
    """
    precision_after = _precision_after(review, data)
    changes = []
    for name in EDITABLE_FIELDS:
        if name in types.ALL_DATE_FIELDS:
            change = _date_change(review, name, data, precision_after)
            changes += [change] if change else []
        elif name in data:
            changes += diff(review, data, [name])
    if "primary_themes" in data:
        before = _theme_codes(review)
        primary = sorted({t.code for t in data["primary_themes"]})
        other = sorted({t.code for t in data.get("other_themes", [])} - set(primary))
        if (primary, other) != before:
            changes.append(
                _change("themes", "Themes", _themes_text(before), _themes_text((primary, other)))
            )
    return changes


def _change(field, label, before, after):
    from safeguarding.versioning import FieldChange

    return FieldChange(field=field, label=label, before=before, after=after)


def _themes_text(codes):
    primary, other = codes
    text = ", ".join(primary) or "(none)"
    if other:
        text += f"; other: {', '.join(other)}"
    return text


def add_theme(user, review_pk, theme, *, request=None, details=None):
    """Add a theme to a review as an "other" theme, unless the review already has it.

    Returns whether it was added. Like any change to the review's themes, it moves the
    review's version on, so a review form opened before it is refused as stale.
    """
    with transaction.atomic():
        review = visible_reviews(user).select_for_update().filter(pk=review_pk).first()
        if review is None:
            raise Http404("No review found")
        _assert_may_own(user, review.partnership)
        if ReviewTheme.objects.filter(review=review, theme=theme).exists():
            return False
        before = _theme_codes(review)
        ReviewTheme.objects.create(review=review, theme=theme, is_primary=False)
        change = _change(
            "themes", "Themes", _themes_text(before), _themes_text(_theme_codes(review))
        )
        review.version += 1
        review.save(update_fields=["version", "updated_at"])
        audit.record(
            user,
            "change",
            review,
            request=request,
            details={"version": review.version, "changes": [change.__dict__], **(details or {})},
        )
    return True


def make_primary_theme(user, review_pk, theme, *, request=None, details=None):
    """Make ``theme`` the review's primary theme; earlier primary themes become other themes.

    Returns the codes of the primary themes before (empty when nothing changed). Moves the
    review's version on and is audited as a change of its themes, as the review form is.
    """
    with transaction.atomic():
        review = visible_reviews(user).select_for_update().filter(pk=review_pk).first()
        if review is None:
            raise Http404("No review found")
        _assert_may_own(user, review.partnership)
        before = _theme_codes(review)
        ReviewTheme.objects.filter(review=review, is_primary=True).exclude(theme=theme).update(
            is_primary=False
        )
        ReviewTheme.objects.update_or_create(
            review=review, theme=theme, defaults={"is_primary": True}
        )
        after = _theme_codes(review)
        if before == after:
            return []
        review.version += 1
        review.save(update_fields=["version", "updated_at"])
        change = _change("themes", "Themes", _themes_text(before), _themes_text(after))
        audit.record(
            user,
            "change",
            review,
            request=request,
            details={"version": review.version, "changes": [change.__dict__], **(details or {})},
        )
    return before[0]


def add_dissemination(user, review_pk, data, *, request=None):
    with transaction.atomic():
        review = visible_reviews(user).select_for_update().filter(pk=review_pk).first()
        if review is None:
            raise Http404("No review found")
        _assert_may_own(user, review.partnership)
        record = Dissemination.objects.create(review=review, **data)
        audit.record(
            user,
            "change",
            review,
            request=request,
            details={
                "version": review.version,
                "dissemination": {"kind": record.kind, "date": str(record.date)},
            },
        )
    return record


def partnerships_for(user):
    """Partnerships the person may record reviews for."""
    scope = scope_for(user)
    qs = Organisation.objects.filter(kind=Organisation.Kind.PARTNERSHIP)
    if scope.level == "national":
        return qs
    if scope.level == "region":
        return qs.filter(region_id=scope.region_id)
    if scope.level == "organisation":
        return qs.filter(pk__in=scope.partnership_ids)
    return qs.none()


def icbs_for(user):
    scope = scope_for(user)
    qs = Organisation.objects.filter(kind=Organisation.Kind.ICB)
    if scope.level == "national":
        return qs
    if scope.level == "region":
        return qs.filter(region_id=scope.region_id)
    return qs.filter(pk=scope.organisation_id) | qs.filter(
        pk__in=Organisation.objects.filter(pk__in=scope.partnership_ids).values("icb")
    )


def convertible_reviews(user):
    return visible_reviews(user).filter(review_type__in=types.CONVERTS_TO.keys())


def all_themes():
    return Theme.objects.filter(active=True).order_by("group", "label")


def today():
    return timezone.localdate()


def closed_q():
    from django.db.models import Q

    return (
        Q(published_date__isnull=False)
        | Q(publication_status__in=["published", "embargoed"])
        | Q(publication_status="not_for_publication", signed_off_date__isnull=False)
    )


def search_reviews(user, *, q="", review_type="", status=""):
    """Reviews in scope matching a keyword and filters, newest first."""
    from django.db.models import Q

    qs = visible_reviews(user).select_related("partnership", "icb", "region")
    if review_type:
        qs = qs.filter(review_type=review_type)
    if status == "open":
        qs = qs.exclude(closed_q())
    elif status == "closed":
        qs = qs.filter(closed_q())
    for word in q.split()[:8]:
        qs = qs.filter(
            Q(title__icontains=word)
            | Q(reference__icontains=word)
            | Q(steis_number__icontains=word)
            | Q(case_information__icontains=word)
            | Q(learning_summary__icontains=word)
            | Q(partnership__name__icontains=word)
            | Q(pk__in=_reviews_with_recommendation_text(word))
        )
    return qs.order_by("-created_at", "-id")


def _reviews_with_recommendation_text(word):
    from safeguarding.actions.models import Recommendation

    return Recommendation.objects.filter(text__icontains=word).values("review_id")
