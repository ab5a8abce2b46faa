import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from safeguarding.accounts.scope import scope_for
from safeguarding.audit import services as audit
from safeguarding.converters import RecordIdConverter
from safeguarding.timescales.services import (
    clock_note,
    clocks_for,
    clocks_for_many,
    worst_status,
)
from safeguarding.versioning import StaleEdit

from . import quality, services, types
from .forms import DisseminationForm, ReviewFilterForm, ReviewForm, initial_date

RECORD_ID = re.compile(RecordIdConverter.regex)


def _require_editor(request):
    if not scope_for(request.user).can_edit:
        raise PermissionDenied("Your role can read reviews but not change them")


def review_list(request):
    form = ReviewFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    reviews = services.search_reviews(
        request.user,
        q=filters.get("q", ""),
        review_type=filters.get("review_type", ""),
        status=filters.get("status", ""),
    )
    audit.record_list(request.user, "reviews", request, filters)
    page = Paginator(reviews, 25).get_page(request.GET.get("page"))
    reviews = list(page)
    rows = [
        (review, worst_status(clocks) if clocks else "none")
        for review, clocks in zip(reviews, clocks_for_many(reviews), strict=True)
    ]
    return render(
        request,
        "reviews/list.jinja",
        {"form": form, "page": page, "rows": rows, "query": request.GET.urlencode()},
    )


def review_detail(request, pk):
    review = services.get_review(request.user, pk, request=request)
    from safeguarding.actions.services import recommendations_for_review
    from safeguarding.documents.services import documents_for_review

    return render(
        request,
        "reviews/detail.jinja",
        {
            "review": review,
            "clocks": clocks_for(review),
            "clock_note": clock_note,
            "stages": types.stages_for(review.review_type),
            "stage": review.stage,
            "missing": quality.missing_fields(review),
            "recommendations": recommendations_for_review(review),
            "documents": documents_for_review(review),
            "disseminations": review.disseminations.all(),
            "converted_to": services.visible_reviews(request.user).filter(converted_from=review),
            "can_edit": scope_for(request.user).may_own(review.partnership),
        },
    )


@require_http_methods(["GET", "POST"])
def review_create(request):
    _require_editor(request)
    initial = {}
    source = request.GET.get("converted_from")
    if source and RECORD_ID.fullmatch(source):
        origin = services.convertible_reviews(request.user).filter(pk=source).first()
        if origin is not None:
            initial = {
                "converted_from": origin.pk,
                "partnership": origin.partnership_id,
                "title": origin.title,
                "incident_date": initial_date(origin, "incident_date"),
                "notification_date": initial_date(origin, "notification_date"),
                "review_type": "lcspr",
            }
    form = ReviewForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            review = services.create_review(request.user, form.service_data(), request=request)
        except services.NotAllowed as error:
            form.add_error("partnership", str(error))
        else:
            messages.success(request, f"Review '{review.title}' recorded")
            return redirect("reviews:detail", pk=review.pk)
    return render(
        request,
        "reviews/form.jinja",
        {"form": form, "review": None},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def review_edit(request, pk):
    review = services.get_review(
        request.user, pk, request=request, audit_view=request.method == "GET"
    )
    _require_editor(request)
    if not scope_for(request.user).may_own(review.partnership):
        raise PermissionDenied("You cannot change reviews of this partnership")
    form = ReviewForm(request.POST or None, instance=review, user=request.user)
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            _, changes = services.update_review(
                request.user,
                review.pk,
                form.service_data(),
                form.cleaned_data.get("version"),
                request=request,
            )
        except StaleEdit as error:
            stale = error
        except services.NotAllowed as error:
            form.add_error("partnership", str(error))
        else:
            messages.success(request, "Review updated" if changes else "No changes to save")
            return redirect("reviews:detail", pk=review.pk)
    return render(
        request,
        "reviews/form.jinja",
        {"form": form, "review": review, "stale": stale},
        status=409 if stale else 400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def dissemination_add(request, pk):
    review = services.get_review(request.user, pk, request=request, audit_view=False)
    _require_editor(request)
    if not scope_for(request.user).may_own(review.partnership):
        raise PermissionDenied("You cannot change reviews of this partnership")
    form = DisseminationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.add_dissemination(request.user, review.pk, form.cleaned_data, request=request)
        messages.success(request, "Dissemination recorded")
        return redirect("reviews:detail", pk=review.pk)
    return render(
        request,
        "reviews/dissemination_form.jinja",
        {"form": form, "review": review},
        status=400 if form.errors else 200,
    )


def incomplete_list(request):
    rows = quality.incomplete_reviews(request.user)
    audit.record_list(request.user, "incomplete reviews", request)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request, "reviews/incomplete.jinja", {"page": page, "p_missing": quality.missing_fields}
    )
