from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from safeguarding.actions.services import DuplicateNumber
from safeguarding.reviews import services as review_services
from safeguarding.reviews.services import NotAllowed
from safeguarding.versioning import StaleEdit

from . import services
from .forms import (
    ACCEPT,
    DecisionForm,
    DraftForm,
    SuggestionForm,
    ThemeDecisionsForm,
    UploadForm,
)
from .pipeline import DocumentError


def _may_edit(request, review):
    return services.may_upload(request.user, review)


def _require_edit(request, review):
    if not _may_edit(request, review):
        raise PermissionDenied("You cannot change this review's documents")


@require_http_methods(["GET", "POST"])
def upload(request, review_pk):
    review = review_services.get_review(request.user, review_pk, request=request, audit_view=False)
    _require_edit(request, review)
    bound = request.method == "POST"
    form = UploadForm(
        request.POST if bound else None,
        request.FILES if bound else None,
        max_bytes=services.max_bytes(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            document = services.upload_document(
                request.user,
                review.pk,
                form.cleaned_data["file"],
                request=request,
                background=True,
            )
        except DocumentError as error:
            form.add_error("file", error.message)
        except NotAllowed as error:
            raise PermissionDenied(str(error)) from None
        else:
            messages.success(request, f"'{document.filename}' uploaded")
            return redirect("documents:detail", pk=document.pk)
    return render(
        request,
        "documents/upload.jinja",
        {"form": form, "review": review, "accept": ACCEPT},
        status=400 if form.errors else 200,
    )


def _detail_page(request, document, *, form=None, status=200):
    contents = services.document_contents(document)
    can_edit = _may_edit(request, document.review)
    if form is None and can_edit:
        form = ThemeDecisionsForm(pending=contents["pending_suggestions"])
    return render(
        request,
        "documents/detail.jinja",
        {
            "document": document,
            "review": document.review,
            "can_edit": can_edit,
            "theme_form": form,
            "form": form if form is not None and form.is_bound else None,
            **contents,
        },
        status=status,
    )


def detail(request, pk):
    document = services.get_document(request.user, pk, request=request)
    return _detail_page(request, document)


@require_http_methods(["GET", "POST"])
def theme_decisions(request, pk):
    """Accept (or reject) the selected whole-document theme suggestions in one submit,
    optionally making one of them the review's primary theme; back to #themes."""
    document = services.get_document(
        request.user, pk, request=request, audit_view=request.method == "GET"
    )
    _require_edit(request, document.review)
    if request.method == "GET":  # the form lives on the document's page
        return _detail_page(request, document)
    pending = services.pending_document_suggestions(document)
    form = ThemeDecisionsForm(request.POST, pending=pending)
    if form.is_valid():
        accepted = form.cleaned_data["decision"] == "accept"
        try:
            decided, added, replaced = services.decide_suggestions(
                request.user,
                document.pk,
                form.cleaned_data["suggestions"],
                accepted,
                primary=form.primary_id,
                request=request,
            )
        except services.InvalidChoice as error:
            form.add_error("suggestions", str(error))
        except NotAllowed as error:
            raise PermissionDenied(str(error)) from None
        else:
            messages.success(request, _decisions_message(decided, added, replaced, accepted, form))
            return redirect(f"{_detail_url(document)}#themes")
    return _detail_page(request, document, form=form, status=400)


def _decisions_message(decided, added, replaced, accepted, form):
    labels = [s.theme.label for s in decided]
    if not accepted:
        return f"Theme suggestions rejected: {', '.join(labels)}"
    text = f"Themes accepted: {', '.join(labels)}."
    if added:
        text += f" Added to the review's themes: {', '.join(added)}."
    already = [label for label in labels if label not in added]
    if already:
        text += f" The review already had: {', '.join(already)}."
    primary = form.primary_id
    if primary is not None:
        label = next(s.theme.label for s in decided if s.pk == primary)
        text += f" {label} is now the review's primary theme"
        text += f" (before: {', '.join(replaced)}, now another theme)." if replaced else "."
    return text


def progress(request, pk):
    """Status and progress as JSON, polled by the page while the document is read."""
    row = services.progress_of(request.user, pk)
    response = JsonResponse(row)
    response["Cache-Control"] = "no-store"
    return response


def download(request, pk):
    document, handle, content_type = services.open_original(request.user, pk, request=request)
    response = FileResponse(
        handle, as_attachment=True, filename=document.filename, content_type=content_type
    )
    response["Cache-Control"] = "no-store"
    return response


def _status(form, stale):
    return 409 if stale else 400 if form is not None and form.errors else 200


@require_http_methods(["GET", "POST"])
def draft_edit(request, pk):
    draft = services.get_draft(
        request.user, pk, request=request, audit_view=request.method == "GET"
    )
    document = draft.document
    _require_edit(request, document.review)
    if draft.status != draft.Status.DRAFT:
        messages.info(request, f"Draft recommendation {draft.number} was already decided")
        return redirect("documents:detail", pk=document.pk)
    form = DraftForm(request.POST or None, instance=draft)
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            _, changes = services.update_draft(
                request.user,
                pk,
                form.cleaned_data,
                form.cleaned_data.get("version"),
                request=request,
            )
        except StaleEdit as error:
            stale = error
        except services.AlreadyDecided as error:
            messages.info(request, str(error))
            return redirect("documents:detail", pk=document.pk)
        else:
            messages.success(
                request,
                f"Draft recommendation {form.cleaned_data['number']} saved"
                if changes
                else "No changes to save",
            )
            return redirect(f"{_detail_url(document)}#draft-{draft.pk}")
    return render(
        request,
        "documents/draft_form.jinja",
        {
            "form": form,
            "draft": draft,
            "document": document,
            "review": document.review,
            "stale": stale,
        },
        status=_status(form, stale),
    )


def _detail_url(document):
    from django.urls import reverse

    return reverse("documents:detail", args=[document.pk])


def _draft_decision(request, pk, *, confirm):
    draft = services.get_draft(
        request.user, pk, request=request, audit_view=request.method == "GET"
    )
    document = draft.document
    _require_edit(request, document.review)
    form = DecisionForm(request.POST or None, initial={"version": draft.version})
    stale = duplicate = None
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data.get("version")
        try:
            if confirm:
                recommendation = services.confirm_draft(request.user, pk, version, request=request)
                messages.success(
                    request, f"Recommendation {recommendation.number} added to the review"
                )
            else:
                services.discard_draft(request.user, pk, version, request=request)
                messages.success(request, f"Draft recommendation {draft.number} discarded")
        except StaleEdit as error:
            stale = error
            draft = services.get_draft(request.user, pk, audit_view=False)
        except DuplicateNumber as error:
            duplicate = error
        except services.AlreadyDecided as error:
            messages.info(request, str(error))
            return redirect("documents:detail", pk=document.pk)
        else:
            return redirect(f"{_detail_url(document)}#drafts")
    return render(
        request,
        "documents/draft_decision.jinja",
        {
            "draft": draft,
            "document": document,
            "review": document.review,
            "confirm": confirm,
            "stale": stale,
            "duplicate": duplicate,
            "version": draft.version,
        },
        status=409 if duplicate else _status(None, stale),
    )


@require_http_methods(["GET", "POST"])
def draft_confirm(request, pk):
    return _draft_decision(request, pk, confirm=True)


@require_http_methods(["GET", "POST"])
def draft_discard(request, pk):
    return _draft_decision(request, pk, confirm=False)


@require_http_methods(["GET", "POST"])
def confirm_all(request, pk):
    document = services.get_document(
        request.user, pk, request=request, audit_view=request.method == "GET"
    )
    _require_edit(request, document.review)
    if request.method == "POST":
        confirmed = services.confirm_all(request.user, document.pk, request=request)
        if confirmed:
            numbers = ", ".join(r.number for r in confirmed)
            renumbered = [r for r in confirmed if getattr(r, "renumbered_from", None)]
            text = (
                f"{len(confirmed)} recommendation{'s' if len(confirmed) != 1 else ''} "
                f"added to the review: {numbers}."
            )
            if renumbered:
                moves = ", ".join(f"{r.renumbered_from} became {r.number}" for r in renumbered)
                text += f" The review already had some of these numbers, so {moves}."
            messages.success(request, text)
        else:
            messages.info(request, "There were no draft recommendations left to confirm")
        return redirect(f"{_detail_url(document)}#drafts")
    contents = services.document_contents(document)
    # In the order of the document, as confirm_all numbers them (the page shows doubtful
    # drafts first).
    pending = sorted(
        (d for d in contents["drafts"] if d.status == d.Status.DRAFT), key=lambda d: d.pk
    )
    return render(
        request,
        "documents/confirm_all.jinja",
        {
            "document": document,
            "review": document.review,
            "plan": services.confirm_all_plan(document, pending),
            **contents,
        },
    )


@require_http_methods(["GET", "POST"])
def suggestion_decide(request, pk):
    suggestion = services.get_suggestion(
        request.user, pk, request=request, audit_view=request.method == "GET"
    )
    document = suggestion.document
    _require_edit(request, document.review)
    form = SuggestionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        accepted = form.cleaned_data["decision"] == "accept"
        try:
            _, added = services.decide_suggestion(request.user, pk, accepted, request=request)
        except services.AlreadyDecided as error:
            messages.info(request, str(error))
        else:
            label = suggestion.theme.label
            if not accepted:
                messages.success(request, f"Theme suggestion rejected: {label}")
            elif added:
                messages.success(request, f"{label} added to the review's themes")
            else:
                messages.success(request, f"Accepted: the review already has the theme {label}")
        anchor = (
            f"suggestion-{suggestion.pk}"
            if suggestion.level == suggestion.Level.DOCUMENT
            else f"passage-theme-{suggestion.theme_id}"
        )
        return redirect(f"{_detail_url(document)}#{anchor}")
    return render(
        request,
        "documents/suggestion.jinja",
        {"form": form, "suggestion": suggestion, "document": document, "review": document.review},
        status=400 if form.errors else 200,
    )
