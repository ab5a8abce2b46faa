from django.shortcuts import render

from safeguarding.accounts.scope import scope_for


def home(request):
    from safeguarding.actions.services import my_actions
    from safeguarding.reviews.quality import incomplete_reviews
    from safeguarding.reviews.services import visible_reviews

    overdue, due = my_actions(request.user)
    return render(
        request,
        "home.jinja",
        {
            "scope": scope_for(request.user),
            "review_count": visible_reviews(request.user).count(),
            "overdue_count": overdue.count(),
            "due_count": due.count(),
            "incomplete_count": incomplete_reviews(request.user).count(),
        },
    )


def accessibility(request):
    return render(request, "accessibility.jinja")


def not_found(request, exception=None):
    return render(request, "errors/404.jinja", status=404)


def forbidden(request, exception=None):
    return render(request, "errors/403.jinja", {"reason": str(exception or "")}, status=403)


def csrf_failure(request, reason=""):
    """A form sent without its token, or from a page left open too long."""
    return render(request, "errors/csrf.jinja", status=403)


def server_error(request):
    return render(request, "errors/500.jinja", status=500)
