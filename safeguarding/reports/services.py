"""Documents made from records: the 7-minute briefing of one review.

Reading the review goes through the scope gate (out of scope is 404) and is audited as a
view; the download is audited as an export as well.
"""

import re

from django.db import transaction
from django.utils import timezone

from safeguarding.actions.services import recommendations_for_review
from safeguarding.audit import services as audit
from safeguarding.reviews.models import Dissemination
from safeguarding.reviews.services import get_review

from .briefing import build_briefing
from .pdf import PDF_CONTENT_TYPE, render_briefing_pdf

BRIEFING = "7-minute briefing"


def briefing_file_name(review):
    """'7-minute-briefing-<reference>.pdf', the reference made safe for a file name, or the
    review's number when it has none."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", review.reference or "").strip("-.")[:60]
    return f"7-minute-briefing-{stem or review.pk}.pdf"


def briefing_for(user, pk, *, request=None):
    """(PDF bytes, file name, content type) of the 7-minute briefing of review ``pk``.

    404 if the review is out of the person's scope. Audited twice: the read (``view``) and
    the download (``export``)."""
    review = get_review(user, pk, request=request)
    # The review passed the gate; its recommendations, actions and disseminations follow it.
    recommendations = list(recommendations_for_review(review))
    disseminations = list(
        Dissemination.objects.visible_to(user).filter(review=review).order_by("-date", "-id")
    )
    briefing = build_briefing(review, recommendations, disseminations, today=timezone.localdate())
    content = render_briefing_pdf(briefing)
    file_name = briefing_file_name(review)
    with transaction.atomic():
        audit.record(
            user,
            "export",
            review,
            request=request,
            label=f"{BRIEFING} (PDF): {review}",
            details={
                "document": BRIEFING,
                "format": "pdf",
                "file": file_name,
                "version": review.version,
                "recommendations": len(recommendations),
            },
        )
    return content, file_name, PDF_CONTENT_TYPE
