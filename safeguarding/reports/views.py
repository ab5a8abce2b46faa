from django.http import HttpResponse
from django.shortcuts import redirect

from safeguarding.reviews.services import get_review

from . import services


def briefing(request, pk):
    """Download a review's 7-minute briefing as PDF."""
    if request.method not in ("GET", "HEAD"):
        # Nothing to post here: out of scope is still 404, otherwise go to the download.
        get_review(request.user, pk, request=request, audit_view=False)
        return redirect("reports:briefing", pk=pk)
    content, file_name, content_type = services.briefing_for(request.user, pk, request=request)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    response["Cache-Control"] = "no-store"
    return response
