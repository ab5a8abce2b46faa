"""Pages for administrators to manage the people who use the service.

Every page is for administrators only (403 for anyone else); a person outside the
administrator's scope is 404. The rules live in ``people`` (the services).
"""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods, require_POST

from safeguarding.versioning import StaleEdit

from . import people
from .people_forms import AddPersonForm, EditPersonForm, PeopleFilterForm


def admin_only(view):
    """403 for anyone but an administrator, before anything else (even a wrong method)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not people.is_admin(request.user):
            raise PermissionDenied(people.NOT_ADMIN)
        return view(request, *args, **kwargs)

    return wrapped


def _attach(form, error):
    """Show a ValidationError from the service next to the form's fields."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, field_errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, field_errors)


@admin_only
@require_http_methods(["GET"])
def person_list(request):
    form = PeopleFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    q = (filters.get("q") or "").strip()
    found = people.search_people(request.user, q, filters.get("role") or "")
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    locked = people.locked_usernames([person.username for person in page])
    return render(
        request,
        "people/list.jinja",
        {"filter_form": form, "page": page, "q": q, "locked": locked},
    )


@admin_only
@require_http_methods(["GET", "POST"])
def person_add(request):
    form = AddPersonForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            person, password = people.create_person(
                request.user, form.service_data(), request=request
            )
        except ValidationError as error:
            _attach(form, error)
        else:
            # The password is shown on this response only: it is stored nowhere in clear
            # and the page must not be kept by the browser or any cache.
            response = render(
                request, "people/created.jinja", {"person": person, "password": password}
            )
            add_never_cache_headers(response)
            return response
    return render(
        request, "people/form.jinja", {"form": form, "person": None}, status=_status(form)
    )


@admin_only
@require_http_methods(["GET"])
def person_detail(request, pk):
    person = people.get_person(request.user, pk)
    return render(
        request,
        "people/detail.jinja",
        {
            "person": person,
            "has_two_factor": people.has_two_factor(person),
            "locked": people.is_locked(person),
            "failed_sign_ins": people.failed_sign_ins(person),
            "is_self": person.pk == request.user.pk,
        },
    )


@admin_only
@require_http_methods(["GET", "POST"])
def person_edit(request, pk):
    person = people.get_person(request.user, pk)
    form = EditPersonForm(request.POST or None, actor=request.user, person=person)
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            saved, changes = people.change_person(
                request.user,
                person.pk,
                form.service_data(),
                form.cleaned_data.get("version"),
                request=request,
            )
        except StaleEdit as error:
            stale = error
        except ValidationError as error:
            _attach(form, error)
        else:
            name = saved.get_full_name() or saved.username
            messages.success(request, f"{name}: changes saved" if changes else "No changes to save")
            if saved.pk == request.user.pk and saved.role != saved.Role.ADMIN:
                return redirect("home")  # they gave up their own administrator role
            return redirect("people:detail", pk=saved.pk)
    return render(
        request,
        "people/form.jinja",
        {"form": form, "person": person, "stale": stale},
        status=_status(form, stale),
    )


@admin_only
@require_http_methods(["GET", "POST"])
def person_reset_two_factor(request, pk):
    person = people.get_person(request.user, pk)
    if request.method == "POST":
        people.reset_two_factor(request.user, person.pk, request=request)
        messages.success(
            request,
            f"Two-factor authentication reset for {person.get_full_name() or person.username}: "
            "they will set it up again at their next sign-in",
        )
        return redirect("people:detail", pk=person.pk)
    return render(
        request,
        "people/reset_two_factor.jinja",
        {"person": person, "has_two_factor": people.has_two_factor(person)},
    )


@admin_only
@require_POST
def person_unlock(request, pk):
    person = people.get_person(request.user, pk)
    people.unlock(request.user, person.pk, request=request)
    messages.success(
        request,
        f"{person.get_full_name() or person.username} is unlocked and can sign in again",
    )
    return redirect("people:detail", pk=person.pk)


def _status(form, stale=None):
    return 409 if stale else 400 if form.errors else 200
