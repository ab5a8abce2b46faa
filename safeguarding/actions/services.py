"""Recommendations and actions: add, change, and what is due for an organisation."""

from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone

from safeguarding import indexing
from safeguarding.accounts.scope import scope_for
from safeguarding.audit import services as audit
from safeguarding.organisations.models import Organisation
from safeguarding.reviews.services import NotAllowed, visible_reviews
from safeguarding.versioning import check_version, diff

from .models import Action, Recommendation

RECOMMENDATION_FIELDS = ("number", "text")
ACTION_FIELDS = (
    "description",
    "owner",
    "lead",
    "due_date",
    "status",
    "rag",
    "evidence_of_completion",
    "evidence_of_impact",
    "not_accepted_reason",
    "completed_date",
)


def _editable_review(user, review_pk):
    review = visible_reviews(user).select_for_update().filter(pk=review_pk).first()
    if review is None:
        raise Http404("No review found")
    if not scope_for(user).may_own(review.partnership):
        raise NotAllowed("You cannot change this review's recommendations")
    return review


class DuplicateNumber(Exception):
    """The review already has a recommendation with this number (trimmed, any case)."""

    def __init__(self, number, suggestions):
        self.number = number
        self.suggestions = suggestions
        others = " or ".join(suggestions)
        super().__init__(
            f"Recommendation {number} already exists on this review. "
            f"Use another number, such as {others}"
        )


def normalise_number(number):
    return (number or "").strip().casefold()


def numbers_in_use(review_id, *, exclude_pk=None):
    """The review's recommendation numbers, normalised (trimmed, case-insensitive)."""
    queryset = Recommendation.objects.filter(review_id=review_id)
    if exclude_pk is not None:
        queryset = queryset.exclude(pk=exclude_pk)
    return {normalise_number(n) for n in queryset.values_list("number", flat=True)}


def next_free_number(taken):
    """The next whole number after the highest whole number in use."""
    whole = [int(n) for n in taken if n.isdigit()]
    number = max(whole, default=0) + 1
    while str(number) in taken:
        number += 1
    return str(number)


def check_number_free(review_id, number, *, exclude_pk=None):
    """Raise DuplicateNumber if the review already has this number on another record."""
    taken = numbers_in_use(review_id, exclude_pk=exclude_pk)
    if normalise_number(number) not in taken:
        return
    trimmed = (number or "").strip()
    suggestions = []
    for letter in "abcdefghijklmnopqrstuvwxyz":
        if normalise_number(trimmed + letter) not in taken:
            suggestions.append(trimmed + letter)
            break
    suggestions.append(next_free_number(taken))
    raise DuplicateNumber(trimmed, suggestions)


def recommendations_for_review(review):
    return review.recommendations.prefetch_related(
        "themes", Prefetch("actions", queryset=Action.objects.select_related("owner"))
    ).order_by("id")


def get_recommendation(user, pk, *, request=None, audit_view=True):
    queryset = Recommendation.objects.visible_to(user).select_related(
        "review", "review__partnership"
    )
    return audit.read_one(
        user,
        queryset,
        pk,
        request=request,
        audit_view=audit_view,
        not_found="No recommendation found",
    )


def get_action(user, pk, *, request=None, audit_view=True):
    queryset = Action.objects.visible_to(user).select_related(
        "recommendation", "recommendation__review", "recommendation__review__partnership", "owner"
    )
    return audit.read_one(
        user, queryset, pk, request=request, audit_view=audit_view, not_found="No action found"
    )


def add_recommendation(user, review_pk, data, *, request=None):
    with transaction.atomic():
        review = _editable_review(user, review_pk)  # locked: one number check at a time
        number = (data["number"] or "").strip()
        check_number_free(review.pk, number)
        recommendation = Recommendation.objects.create(
            review=review,
            number=number,
            text=data["text"],
            created_by=user if user and user.is_authenticated else None,
        )
        if data.get("themes"):
            recommendation.themes.set(data["themes"])
        audit.record(user, "create", recommendation, request=request, details={"version": 1})
        indexing.changed(indexing.RECOMMENDATION, recommendation.pk)
    return recommendation


def update_recommendation(user, pk, data, expected_version, *, request=None):
    with transaction.atomic():
        recommendation = (
            Recommendation.objects.visible_to(user).select_for_update().filter(pk=pk).first()
        )
        if recommendation is None:
            raise Http404("No recommendation found")
        _editable_review(user, recommendation.review_id)
        check_version(recommendation, expected_version)
        data = {**data, "number": (data["number"] or "").strip()}
        if normalise_number(data["number"]) != normalise_number(recommendation.number):
            check_number_free(
                recommendation.review_id, data["number"], exclude_pk=recommendation.pk
            )
        changes = diff(recommendation, data, RECOMMENDATION_FIELDS)
        before = sorted(recommendation.themes.values_list("code", flat=True))
        after = sorted(t.code for t in data.get("themes", []))
        if before != after:
            from safeguarding.versioning import FieldChange

            changes.append(
                FieldChange(
                    "themes", "Themes", ", ".join(before) or "(none)", ", ".join(after) or "(none)"
                )
            )
        if not changes:
            return recommendation, []
        for name in RECOMMENDATION_FIELDS:
            setattr(recommendation, name, data[name])
        recommendation.version += 1
        recommendation.save()
        recommendation.themes.set(data.get("themes", []))
        audit.record(
            user,
            "change",
            recommendation,
            request=request,
            details={"version": recommendation.version, "changes": [c.__dict__ for c in changes]},
        )
        indexing.changed(indexing.RECOMMENDATION, recommendation.pk)
    return recommendation, changes


def _completed_date(data, existing=None):
    done = data.get("status") in {Action.Status.COMPLETED, Action.Status.CLOSED_WITH_EVIDENCE}
    if not done:
        return None
    return (
        data.get("completed_date") or (existing and existing.completed_date) or timezone.localdate()
    )


def add_action(user, recommendation_pk, data, *, request=None):
    with transaction.atomic():
        recommendation = (
            Recommendation.objects.visible_to(user).filter(pk=recommendation_pk).first()
        )
        if recommendation is None:
            raise Http404("No recommendation found")
        _editable_review(user, recommendation.review_id)
        values = {name: data.get(name) for name in ACTION_FIELDS if name in data}
        for name in ("rag", "evidence_of_completion", "evidence_of_impact", "not_accepted_reason"):
            values[name] = values.get(name) or ""
        values["completed_date"] = _completed_date(data)
        action = Action.objects.create(recommendation=recommendation, **values)
        audit.record(user, "create", action, request=request, details={"version": 1})
    return action


def update_action(user, pk, data, expected_version, *, request=None):
    with transaction.atomic():
        action = Action.objects.visible_to(user).select_for_update().filter(pk=pk).first()
        if action is None:
            raise Http404("No action found")
        _editable_review(user, action.recommendation.review_id)
        check_version(action, expected_version)
        data = dict(data)
        for name in ("rag", "evidence_of_completion", "evidence_of_impact", "not_accepted_reason"):
            data[name] = data.get(name) or ""
        data["completed_date"] = _completed_date(data, action)
        changes = diff(action, data, ACTION_FIELDS)
        if not changes:
            return action, []
        for name in ACTION_FIELDS:
            setattr(action, name, data.get(name))
        action.version += 1
        action.save()
        audit.record(
            user,
            "change",
            action,
            request=request,
            details={"version": action.version, "changes": [c.__dict__ for c in changes]},
        )
    return action, changes


def owners_for(review):
    """Organisations that may own an action: the partnership's members, its ICB, itself."""
    partnership = review.partnership
    ids = set(partnership.members.values_list("pk", flat=True)) | {partnership.pk}
    if review.icb_id:
        ids.add(review.icb_id)
    return Organisation.objects.filter(pk__in=ids).order_by("name")


def my_actions(user, *, today=None):
    """Open actions owned by the person's organisation (or all in scope for wider scopes)."""
    today = today or timezone.localdate()
    scope = scope_for(user)
    qs = Action.objects.visible_to(user).open()
    if scope.level == "organisation":
        qs = qs.filter(owner_id=scope.organisation_id)
    qs = qs.select_related("recommendation", "recommendation__review", "owner").order_by(
        "due_date", "id"
    )
    return qs.filter(due_date__lt=today), qs.filter(due_date__gte=today)
