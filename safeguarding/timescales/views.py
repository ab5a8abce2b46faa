"""Pages for a partnership's own clock targets: read by anyone who may see the partnership,
changed by those who may record its reviews."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from safeguarding.accounts.scope import scope_for
from safeguarding.reviews.services import NotAllowed, partnerships_for
from safeguarding.versioning import StaleEdit

from . import services
from .clocks import DEFAULT_TARGETS
from .forms import ClockTargetForm, PartnershipFilterForm

NOT_ALLOWED = "Your role can read this partnership's local targets but not change them"


def _editable(request, partnership):
    if not scope_for(request.user).may_own(partnership):
        raise PermissionDenied(NOT_ALLOWED)


def _status(form, stale):
    return 409 if stale else 400 if form.errors else 200


def _attach(form, error):
    """Show a ValidationError from the service next to the form's fields."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, field_errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, field_errors)


def partnership_list(request):
    form = PartnershipFilterForm(request.GET or None)
    q = form.cleaned_data.get("q", "").strip() if form.is_valid() else ""
    partnerships = partnerships_for(request.user).select_related("icb")
    for word in q.split()[:8]:
        partnerships = partnerships.filter(name__icontains=word)
    partnerships = partnerships.annotate(local_targets=Count("clock_targets")).order_by(
        "name", "partnership_type", "pk"
    )
    page = Paginator(partnerships, 50).get_page(request.GET.get("page"))
    return render(
        request, "timescales/partnerships.jinja", {"filter_form": form, "page": page, "q": q}
    )


def partnership_targets(request, pk):
    partnership, sections = services.partnership_targets(request.user, pk)
    return render(
        request,
        "timescales/partnership.jinja",
        {
            "partnership": partnership,
            "sections": sections,
            "can_edit": scope_for(request.user).may_own(partnership),
        },
    )


def _initial_from_default(request):
    """Start an override from the default named in the query string (?review_type=&milestone=)."""
    review_type = request.GET.get("review_type", "")
    if review_type not in DEFAULT_TARGETS:
        return {}
    initial = {"review_type": review_type}
    milestone = request.GET.get("milestone", "")
    for target in DEFAULT_TARGETS[review_type]:
        if target.milestone == milestone and not target.set_nationally:
            initial.update(
                milestone=target.milestone,
                label=target.label,
                start_field=target.start_fields[0],
                met_field=target.met_field,
                amount=target.amount,
                unit=target.unit,
            )
    return initial


@require_http_methods(["GET", "POST"])
def target_add(request, pk):
    partnership = services.visible_partnership(request.user, pk)
    _editable(request, partnership)
    form = ClockTargetForm(
        request.POST or None, partnership=partnership, initial=_initial_from_default(request)
    )
    if request.method == "POST" and form.is_valid():
        try:
            target, _ = services.save_local_target(
                request.user, partnership.pk, form.service_data(), request=request
            )
        except NotAllowed as error:
            raise PermissionDenied(str(error)) from None
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(request, f"Local target '{target.label}' added")
            return redirect("timescales:partnership", pk=partnership.pk)
    return render(
        request,
        "timescales/target_form.jinja",
        {"form": form, "partnership": partnership, "target": None},
        status=_status(form, None),
    )


@require_http_methods(["GET", "POST"])
def target_edit(request, target_pk):
    target = services.get_local_target(request.user, target_pk)
    partnership = target.partnership
    _editable(request, partnership)
    form = ClockTargetForm(request.POST or None, instance=target, partnership=partnership)
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            saved, changes = services.save_local_target(
                request.user,
                partnership.pk,
                form.service_data(),
                form.cleaned_data.get("version"),
                request=request,
                target_pk=target_pk,
            )
        except StaleEdit as error:
            stale = error
        except NotAllowed as error:
            raise PermissionDenied(str(error)) from None
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(
                request,
                f"Local target '{saved.label}' saved" if changes else "No changes to save",
            )
            return redirect("timescales:partnership", pk=partnership.pk)
    return render(
        request,
        "timescales/target_form.jinja",
        {"form": form, "partnership": partnership, "target": target, "stale": stale},
        status=_status(form, stale),
    )


@require_http_methods(["GET", "POST"])
def target_remove(request, target_pk):
    target = services.get_local_target(request.user, target_pk)
    partnership = target.partnership
    _editable(request, partnership)
    if request.method == "POST":
        try:
            removed = services.remove_local_target(request.user, target_pk, request=request)
        except NotAllowed as error:
            raise PermissionDenied(str(error)) from None
        messages.success(request, f"Local target '{removed.label}' removed")
        return redirect("timescales:partnership", pk=partnership.pk)
    default = next(
        (
            t
            for t in DEFAULT_TARGETS.get(target.review_type, ())
            if t.milestone == target.milestone and not t.set_nationally
        ),
        None,
    )
    return render(
        request,
        "timescales/target_remove.jinja",
        {
            "target": target,
            "row": services.TargetRow(target.as_target(), services.SET_LOCALLY, local=target),
            "partnership": partnership,
            "default": services.TargetRow(default, services.LOCAL_DEFAULT) if default else None,
            "type_label": dict(services.REVIEW_TYPES).get(target.review_type, target.review_type),
        },
    )
