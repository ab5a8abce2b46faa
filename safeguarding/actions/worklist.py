"""The "My actions" worklist: the actions a person should work through, filtered, counted
and sorted (overdue first, then by due date), always from the scope gate.

Filters are the valid values of ``WorklistFilterForm``; one that names a record the person
cannot see (a review, an organisation, an area) simply matches nothing."""

import datetime
from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils import timezone

from safeguarding.accounts.scope import scope_for
from safeguarding.organisations.models import Organisation, Region

from .models import Action

#: "Due in the next N weeks", as the counts above the list say it.
SOON_DAYS = 28
MAX_ID = 10**18 - 1  # as the path converter: a longer number is no record


def action_link(action):
    """The one place the worklist links a row to its action: the read-only action page,
    with its evidence, open to every role that can see the action."""
    return reverse("actions:action-detail", args=[action.pk])


def _overdue_q(today):
    return Q(status__in=Action.OPEN_STATUSES, due_date__lt=today)


def _soon_q(today):
    return Q(
        status__in=Action.OPEN_STATUSES,
        due_date__gte=today,
        due_date__lte=today + datetime.timedelta(days=SOON_DAYS),
    )


def in_scope(user):
    return Action.objects.visible_to(user)


def owners(user):
    """Organisations that own actions the person can see."""
    return Organisation.objects.filter(
        pk__in=in_scope(user).order_by().values("owner_id")
    ).order_by("name")


def partnerships(user):
    """Partnerships whose reviews, in scope, have actions."""
    return Organisation.objects.filter(
        pk__in=in_scope(user).order_by().values("recommendation__review__partnership_id")
    ).order_by("name")


def icbs(user):
    """ICBs of the reviews, in scope, that have actions."""
    return Organisation.objects.filter(
        pk__in=in_scope(user).order_by().values("recommendation__review__icb_id")
    ).order_by("name")


def regions(user):
    return Region.objects.filter(
        pk__in=in_scope(user).order_by().values("recommendation__review__region_id")
    ).order_by("name")


def review_named(user, value):
    """The review a ``review`` filter names by its number, if the person can see it."""
    from safeguarding.reviews.services import visible_reviews

    if not value or not value.isdigit() or int(value) > MAX_ID:
        return None
    return visible_reviews(user).filter(pk=int(value)).first()


def _review_q(value):
    prefix = "recommendation__review__"
    if value.isdigit():
        # A review's number (the review page links here with ?review=<id>), or a reference
        # that is all digits; never a title.
        by_reference = Q(**{f"{prefix}reference__iexact": value})
        if int(value) > MAX_ID:
            return by_reference
        return Q(**{f"{prefix}pk": int(value)}) | by_reference
    return Q(**{f"{prefix}reference__icontains": value}) | Q(**{f"{prefix}title__icontains": value})


@dataclass
class Worklist:
    actions: object  # the filtered, sorted queryset
    total: int
    overdue: int
    soon: int


def worklist(user, filters, *, today=None):
    """The actions in the person's scope that match ``filters`` (valid values only), overdue
    first then by due date, with the counts for the whole filter."""
    today = today or timezone.localdate()
    scope = scope_for(user)
    qs = in_scope(user)
    status = filters.get("status") or ""
    if status == "":
        qs = qs.filter(status__in=Action.OPEN_STATUSES)
    elif status != "any":
        qs = qs.filter(status=status)
    if filters.get("overdue"):
        qs = qs.filter(_overdue_q(today))
    weeks = filters.get("due_within")
    if weeks:
        qs = qs.filter(due_date__gte=today, due_date__lte=today + datetime.timedelta(weeks=weeks))
    if filters.get("due_from"):
        qs = qs.filter(due_date__gte=filters["due_from"])
    if filters.get("due_to"):
        qs = qs.filter(due_date__lte=filters["due_to"])
    owner = filters.get("owner") or ""
    if owner == "" and scope.level == "organisation":
        qs = qs.filter(owner_id=scope.organisation_id)
    elif owner not in ("", "any"):
        qs = qs.filter(owner_id=int(owner))
    if filters.get("review"):
        qs = qs.filter(_review_q(filters["review"]))
    for name, column in (
        ("partnership", "partnership_id"),
        ("icb", "icb_id"),
        ("region", "region_id"),
    ):
        if filters.get(name):
            qs = qs.filter(**{f"recommendation__review__{column}": int(filters[name])})
    counts = qs.aggregate(
        total=Count("id"),
        overdue=Count("id", filter=_overdue_q(today)),
        soon=Count("id", filter=_soon_q(today)),
    )
    qs = (
        qs.select_related(
            "owner",
            "recommendation",
            "recommendation__review",
        )
        .annotate(
            late=Case(
                When(_overdue_q(today), then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("late", "due_date", "id")
    )
    return Worklist(
        actions=qs, total=counts["total"], overdue=counts["overdue"], soon=counts["soon"]
    )


def days_overdue(action, today):
    """Days past its due date of an open action; 0 if not overdue."""
    if not action.is_open or action.due_date >= today:
        return 0
    return (today - action.due_date).days


def has_evidence(action):
    return bool(action.evidence_of_completion.strip() or action.evidence_of_impact.strip())


def first_line(text, length=90):
    line = next((part.strip() for part in text.splitlines() if part.strip()), "")
    return line if len(line) <= length else line[: length - 1].rstrip() + "…"


def page_items(request, page):
    """Numbered NHS.UK pagination whose links keep the filters (the query string)."""
    from safeguarding.presenters import page_url

    if not page.has_other_pages():
        return None
    items = []
    for number in page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1):
        if number == page.paginator.ELLIPSIS:
            items.append({"ellipsis": True})
        else:
            items.append(
                {
                    "number": number,
                    "href": page_url(request, number),
                    "current": number == page.number,
                }
            )
    return {
        "items": items,
        "previous": {"href": page_url(request, page.previous_page_number())}
        if page.has_previous()
        else None,
        "next": {"href": page_url(request, page.next_page_number())} if page.has_next() else None,
    }
