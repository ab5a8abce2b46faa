from django.shortcuts import render

from safeguarding.actions import services as action_services
from safeguarding.audit import services as audit
from safeguarding.presenters import page_url

from . import services
from .forms import SearchForm


def _page_number(request):
    try:
        return max(1, min(int(request.GET.get("page", 1)), 1000))
    except (TypeError, ValueError):
        return 1


def _pagination(request, results):
    return {
        "previous": {"href": page_url(request, results.page - 1)} if results.page > 1 else None,
        "next": {"href": page_url(request, results.page + 1)}
        if results.page < results.pages
        else None,
    }


def search(request):
    form = SearchForm(request.GET or None, user=request.user)
    results = None
    status = 200
    if form.is_bound:
        if not form.is_valid():
            status = 400
        elif form.cleaned_data["q"]:
            results = services.search(
                request.user,
                form.cleaned_data["q"],
                **form.filters(),
                page=_page_number(request),
                request=request,
            )
    return render(
        request,
        "search/search.jinja",
        {
            "form": form,
            "results": results,
            "pages_nav": _pagination(request, results) if results else None,
            "review_date": services.review_date,
            "review_date_text": services.review_date_text,
        },
        status=status,
    )


def recurring(request):
    audit.record_list(request.user, "recurring recommendations", request)
    return render(
        request,
        "search/recurring.jinja",
        {
            "clusters": services.recurring_recommendations(request.user),
            "review_date": services.review_date,
            "review_date_text": services.review_date_text,
        },
    )


def recurring_group(request, pk):
    recommendation = action_services.get_recommendation(request.user, pk, request=request)
    similar = services.similar_recommendations(request.user, recommendation, limit=100)
    return render(
        request,
        "search/recurring_group.jinja",
        {
            "recommendation": recommendation,
            "outcome": services.outcome_of(recommendation),
            "similar": similar,
            "review_date": services.review_date,
            "review_date_text": services.review_date_text,
        },
    )
