"""Data quality: the fields S-CRT and the national analyses need, and which are missing.

The national analysis of Safeguarding Adults Reviews found referral source missing in 75%
of SARs, time to complete in 59% and scope period in 29%; these checks name each gap so it
can be filled. Those figures are about SARs, so only a SAR's record quotes them
(``Check.why_for``).
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q

from .models import ReviewTheme

TYPES_WITH_NOTIFICATION = {"sin", "rapid", "sar", "dhr", "dhr_child", "leder", "cdr"}
TYPES_WITH_DECISION = {"lcspr", "ncspr", "scr", "sar", "dhr", "dhr_child"}
TYPES_WITH_METHOD = {"lcspr", "ncspr", "scr", "sar", "dhr", "dhr_child"}


@dataclass(frozen=True)
class Check:
    code: str
    label: str
    why: str
    applies_to: frozenset | None  # review types, or None for all
    sar_why: str = ""  # for a SAR, when the national SAR analysis has a figure for it

    def why_for(self, review_type):
        """Why the field matters, for a review of this type: the SAR statistic for a SAR
        only (it says nothing about a rapid review or a domestic homicide review)."""
        return self.sar_why if review_type == "sar" and self.sar_why else self.why

    def missing_q(self):
        q = CHECK_QUERIES[self.code]
        if self.applies_to is not None:
            q &= Q(review_type__in=sorted(self.applies_to))
        return q


CHECKS = (
    Check("incident_date", "Date of incident", "S-CRT records it for every review", None),
    Check(
        "notification_date",
        "Date of notification",
        "Starts the statutory clock",
        frozenset(TYPES_WITH_NOTIFICATION),
    ),
    Check(
        "decision_date",
        "Date of decision to review",
        "S-CRT's date added; starts the completion clock",
        frozenset(TYPES_WITH_DECISION),
    ),
    Check(
        "referral_source",
        "Referral source",
        "Who asked for the review; needed to compare reviews",
        None,
        sar_why="Missing in 75% of SARs nationally",
    ),
    Check(
        "time_to_complete",
        "Time to complete",
        "Needs the start and sign-off dates",
        None,
        sar_why="Needs the start and sign-off dates; missing in 59% of SARs nationally",
    ),
    Check(
        "scope_period",
        "Scope period",
        "The period the review looks at; needed to compare reviews",
        None,
        sar_why="Missing in 29% of SARs nationally",
    ),
    Check("themes", "Primary themes", "S-CRT records abuse and vulnerability themes 1 to 3", None),
    Check("designated_professional", "Designated professional", "S-CRT field", None),
    Check("method", "Review method", "Needed to compare reviews", frozenset(TYPES_WITH_METHOD)),
    Check(
        "publication_url",
        "Publication link",
        "S-CRT records the link once published",
        None,
    ),
)
CHECKS_BY_CODE = {check.code: check for check in CHECKS}

_no_primary = ~Exists(ReviewTheme.objects.filter(review=OuterRef("pk"), is_primary=True))
CHECK_QUERIES = {
    "incident_date": Q(incident_date__isnull=True),
    "notification_date": Q(notification_date__isnull=True),
    "decision_date": Q(decision_date__isnull=True),
    "referral_source": Q(referral_source=""),
    "time_to_complete": Q(decision_date__isnull=True, start_date__isnull=True)
    | (Q(published_date__isnull=False) & Q(signed_off_date__isnull=True)),
    "scope_period": Q(scope_start__isnull=True) | Q(scope_end__isnull=True),
    "themes": _no_primary,
    "designated_professional": Q(designated_professional=""),
    "method": Q(method=""),
    "publication_url": Q(published_date__isnull=False, publication_url=""),
}


def _is_missing(review, code):
    if code == "time_to_complete":
        no_start = not (review.decision_date or review.start_date)
        return no_start or bool(review.published_date and not review.signed_off_date)
    if code == "scope_period":
        return not (review.scope_start and review.scope_end)
    if code == "themes":
        return not any(rt.is_primary for rt in review.review_themes.all())
    if code == "publication_url":
        return bool(review.published_date) and not review.publication_url
    return getattr(review, code) in (None, "")


def missing_fields(review):
    """The checks this review fails, in the order above."""
    return [
        check
        for check in CHECKS
        if (check.applies_to is None or review.review_type in check.applies_to)
        and _is_missing(review, check.code)
    ]


def completeness_code(review, *, has_primary_theme):
    """One character per check, in CHECKS order: "m" missing, "." present, "-" not
    applicable to the review's type. ``has_primary_theme`` saves a query per review."""
    out = []
    for check in CHECKS:
        if check.applies_to is not None and review.review_type not in check.applies_to:
            out.append("-")
        elif check.code == "themes":
            out.append("." if has_primary_theme else "m")
        else:
            out.append("m" if _is_missing(review, check.code) else ".")
    return "".join(out)


def incomplete_q():
    q = Q(pk__in=[])
    for check in CHECKS:
        q |= check.missing_q()
    return q


def incomplete_reviews(user):
    from .services import visible_reviews

    return (
        visible_reviews(user)
        .filter(incomplete_q())
        .select_related("partnership")
        .prefetch_related("review_themes")
        .order_by("partnership__name", "-created_at")
    )


def completeness_counts(queryset):
    """For each check, how many of the reviews it applies to are missing it."""
    aggregates = {}
    for check in CHECKS:
        applies = Q() if check.applies_to is None else Q(review_type__in=sorted(check.applies_to))
        aggregates[f"{check.code}__applies"] = Count("pk", filter=applies)
        aggregates[f"{check.code}__missing"] = Count("pk", filter=check.missing_q())
    return queryset.aggregate(**aggregates)
