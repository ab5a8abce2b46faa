from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from safeguarding.accounts.scope import scope_for
from safeguarding.audit import services as audit
from safeguarding.reviews import services as review_services
from safeguarding.versioning import StaleEdit

from . import services, worklist
from .forms import ActionForm, RecommendationForm
from .worklist_forms import WorklistFilterForm


def _editable(request, review):
    if not scope_for(request.user).may_own(review.partnership):
        raise PermissionDenied("You cannot change this review's recommendations")


def _status(form, stale):
    return 409 if stale else 400 if form.errors else 200


@require_http_methods(["GET", "POST"])
def recommendation_add(request, review_pk):
    review = review_services.get_review(request.user, review_pk, request=request, audit_view=False)
    _editable(request, review)
    form = RecommendationForm(request.POST or None, review=review)
    if request.method == "POST" and form.is_valid():
        try:
            recommendation = services.add_recommendation(
                request.user, review.pk, form.cleaned_data, request=request
            )
        except services.DuplicateNumber as error:  # added by someone else meanwhile
            form.add_error("number", str(error))
        else:
            messages.success(request, f"Recommendation {recommendation.number} added")
            return redirect("actions:action-add", recommendation_pk=recommendation.pk)
    return render(
        request,
        "actions/recommendation_form.jinja",
        {"form": form, "review": review, "recommendation": None},
        status=_status(form, None),
    )


def recommendation_detail(request, pk):
    """A recommendation, its actions, and the close ones made by other reviews in scope."""
    from safeguarding.search import services as search_services

    recommendation = services.get_recommendation(request.user, pk, request=request)
    review = recommendation.review
    similar = search_services.similar_recommendations(
        request.user, recommendation, exclude_review=review
    )
    this_date = search_services.review_date(review)
    before, since = [], []
    for match in similar:
        earlier = (search_services.review_date(match.review) or this_date) <= this_date
        (before if earlier else since).append(match)
    return render(
        request,
        "actions/recommendation_detail.jinja",
        {
            "recommendation": recommendation,
            "review": review,
            "actions": recommendation.actions.select_related("owner").order_by("due_date", "id"),
            "outcome": search_services.outcome_of(recommendation),
            "made_before": before,
            "made_since": since,
            "review_date": search_services.review_date,
            "review_date_text": search_services.review_date_text,
            "can_edit": scope_for(request.user).may_own(review.partnership),
        },
    )


@require_http_methods(["GET", "POST"])
def recommendation_edit(request, pk):
    recommendation = services.get_recommendation(
        request.user, pk, request=request, audit_view=request.method == "GET"
    )
    review = recommendation.review
    _editable(request, review)
    form = RecommendationForm(request.POST or None, instance=recommendation)
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            services.update_recommendation(
                request.user,
                pk,
                form.cleaned_data,
                form.cleaned_data.get("version"),
                request=request,
            )
        except StaleEdit as error:
            stale = error
        except services.DuplicateNumber as error:  # taken by someone else meanwhile
            form.add_error("number", str(error))
        else:
            messages.success(request, f"Recommendation {recommendation.number} saved")
            return redirect("reviews:detail", pk=review.pk)
    return render(
        request,
        "actions/recommendation_form.jinja",
        {"form": form, "review": review, "recommendation": recommendation, "stale": stale},
        status=_status(form, stale),
    )


@require_http_methods(["GET", "POST"])
def action_add(request, recommendation_pk):
    recommendation = services.get_recommendation(
        request.user, recommendation_pk, request=request, audit_view=False
    )
    review = recommendation.review
    _editable(request, review)
    form = ActionForm(request.POST or None, owners=services.owners_for(review))
    if request.method == "POST" and form.is_valid():
        services.add_action(request.user, recommendation.pk, form.service_data(), request=request)
        messages.success(request, f"Action added to recommendation {recommendation.number}")
        return redirect("reviews:detail", pk=review.pk)
    return render(
        request,
        "actions/action_form.jinja",
        {"form": form, "review": review, "recommendation": recommendation, "action": None},
        status=_status(form, None),
    )


def action_detail(request, pk):
    """An action read-only, evidence and all, for everyone who can see it (404 otherwise)."""
    if request.method not in ("GET", "HEAD"):
        # Nothing to post here: out of scope is still 404, otherwise back to the page.
        services.get_action(request.user, pk, request=request, audit_view=False)
        return redirect("actions:action-detail", pk=pk)
    action = services.get_action(request.user, pk, request=request)
    recommendation = action.recommendation
    review = recommendation.review
    return render(
        request,
        "actions/action_detail.jinja",
        {
            "action": action,
            "recommendation": recommendation,
            "review": review,
            "can_edit": scope_for(request.user).may_own(review.partnership),
        },
    )


@require_http_methods(["GET", "POST"])
def action_edit(request, pk):
    action = services.get_action(
        request.user, pk, request=request, audit_view=request.method == "GET"
    )
    recommendation = action.recommendation
    review = recommendation.review
    _editable(request, review)
    form = ActionForm(request.POST or None, instance=action, owners=services.owners_for(review))
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            services.update_action(
                request.user,
                pk,
                form.service_data(),
                form.cleaned_data.get("version"),
                request=request,
            )
        except StaleEdit as error:
            stale = error
        else:
            messages.success(request, "Action saved")
            return redirect("reviews:detail", pk=review.pk)
    return render(
        request,
        "actions/action_form.jinja",
        {
            "form": form,
            "review": review,
            "recommendation": recommendation,
            "action": action,
            "stale": stale,
        },
        status=_status(form, stale),
    )


def my_actions(request):
    """The worklist of actions: filtered, counted, overdue first, a page at a time."""
    form = WorklistFilterForm(request.GET, user=request.user)
    filters = form.filters()
    today = timezone.localdate()
    found = worklist.worklist(request.user, filters, today=today)
    audit.record_list(
        request.user, "my actions", request, {**filters, "per_page": form.page_size()}
    )
    page = Paginator(found.actions, form.page_size()).get_page(request.GET.get("page"))
    rows = list(page)
    scope = scope_for(request.user)
    own = scope.organisation_id if scope.level == "organisation" else None
    return render(
        request,
        "actions/my_actions.jinja",
        {
            "form": form,
            "filters": filters,
            "found": found,
            "page": page,
            "rows": rows,
            "today": today,
            "review": worklist.review_named(request.user, filters["review"]),
            "own_organisation_id": own,
            "show_owner": any(action.owner_id != own for action in rows),
            "soon_weeks": worklist.SOON_DAYS // 7,
            "action_link": worklist.action_link,
            "days_overdue": worklist.days_overdue,
            "has_evidence": worklist.has_evidence,
            "first_line": worklist.first_line,
            "page_items": worklist.page_items(request, page),
        },
        status=400 if form.errors else 200,
    )
