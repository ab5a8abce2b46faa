from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from safeguarding.accounts.scope import scope_for

from . import services
from .forms import AuditFilterForm


def audit_log(request):
    if not scope_for(request.user).is_admin:
        raise PermissionDenied("Only administrators can read the audit log")
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    services.record_list(request.user, "audit log", request, filters)
    page = Paginator(services.search(filters, request.user), 50).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "audit/log.jinja",
        {"form": form, "page": page, "query": params.urlencode()},
        status=400 if form.errors else 200,
    )
