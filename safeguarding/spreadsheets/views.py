import csv
import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safeguarding.accounts.scope import scope_for
from safeguarding.versioning import StaleEdit

from . import columns, services
from .forms import ExportForm, MappingForm, UploadForm
from .importing import FORMULA_START


def _require_editor(request):
    if not scope_for(request.user).can_edit:
        raise PermissionDenied("Your role can export reviews but not import them")


def _home(request, *, upload_form=None, export_form=None, form=None, status=200):
    can_edit = scope_for(request.user).can_edit
    if can_edit and upload_form is None:
        upload_form = UploadForm()
    if export_form is None:
        export_form = ExportForm(initial={"layout": "tracker", "format": "csv"})
    batches = (
        services.batches_for(request.user)
        .filter(created_by=request.user)
        .defer("content", "errors")[:10]
        if can_edit
        else []
    )
    return render(
        request,
        "spreadsheets/home.jinja",
        {
            "form": form,
            "upload_form": upload_form if can_edit else None,
            "export_form": export_form,
            "batches": batches,
            "can_edit": can_edit,
            "layouts": columns.LAYOUTS,
        },
        status=status,
    )


@require_GET
def home(request):
    return _home(request)


@require_POST
def upload(request):
    _require_editor(request)
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            batch = services.upload(request.user, form.cleaned_data["file"], request=request)
        except services.SpreadsheetError as error:
            form.add_error("file", str(error))
        else:
            messages.success(
                request,
                f"'{batch.file_name}' uploaded: {batch.row_count} rows. Check which column is which.",
            )
            return redirect("spreadsheets:mapping", pk=batch.pk)
    return _home(request, upload_form=form, form=form, status=400)


@require_GET
def export(request):
    form = ExportForm(request.GET)
    if not form.is_valid():
        return _home(request, export_form=form, form=form, status=400)
    content, file_name, content_type = services.export_reviews(
        request.user,
        form.cleaned_data["layout"],
        form.cleaned_data["format"],
        form.filters(),
        request=request,
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
def mapping(request, pk):
    _require_editor(request)
    batch = services.get_batch(request.user, pk)
    if batch.is_committed:
        return redirect("spreadsheets:result", pk=batch.pk)
    form = MappingForm(
        request.POST or None,
        header=batch.header,
        samples=services.sample_values(batch),
        initial={**batch.mapping, "version": batch.version},
    )
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            services.save_mapping(
                request.user,
                batch.pk,
                form.mapping(),
                form.cleaned_data.get("version"),
                request=request,
            )
        except services.MappingError as error:
            for key, message in error.errors.items():
                form.add_error(key if key in form.fields else None, message)
        except StaleEdit as error:
            stale = error
        except services.BatchError as error:
            messages.info(request, str(error))
            return redirect("spreadsheets:result", pk=batch.pk)
        else:
            return redirect("spreadsheets:check", pk=batch.pk)
    return render(
        request,
        "spreadsheets/mapping.jinja",
        {"form": form, "batch": batch, "stale": stale, "columns": columns.TRACKER_COLUMNS},
        status=409 if stale else 400 if form.errors else 200,
    )


@require_GET
def check(request, pk):
    _require_editor(request)
    batch = services.get_batch(request.user, pk)
    try:
        result = services.dry_run(request.user, batch.pk)
    except services.BatchError as error:
        messages.info(request, str(error))
        return redirect("spreadsheets:result", pk=batch.pk)
    except services.MappingError:
        messages.info(request, "Choose which column is which before the file is checked")
        return redirect("spreadsheets:mapping", pk=batch.pk)
    except services.SpreadsheetError as error:
        return _check_page(request, batch, None, file_error=str(error), status=400)
    return _check_page(request, result.batch, result)


def _check_page(request, batch, result, *, file_error="", status=200):
    return render(
        request,
        "spreadsheets/check.jinja",
        {"batch": batch, "result": result, "file_error": file_error},
        status=status,
    )


@require_POST
def commit(request, pk):
    _require_editor(request)
    batch = services.get_batch(request.user, pk)
    try:
        result = services.commit(request.user, batch.pk, request=request)
    except services.BatchError as error:
        messages.info(request, str(error))
        return redirect("spreadsheets:result", pk=batch.pk)
    except services.MappingError:
        messages.info(request, "Choose which column is which before the file is imported")
        return redirect("spreadsheets:mapping", pk=batch.pk)
    except services.SpreadsheetError as error:
        return _check_page(request, batch, None, file_error=str(error), status=400)
    if not result.ok:
        return _check_page(request, result.batch, result, status=400)
    messages.success(request, f"{len(result.created)} reviews imported")
    return redirect("spreadsheets:result", pk=batch.pk)


@require_GET
def result(request, pk):
    """Where an import stands; with ?download=errors, the last check's problems as CSV."""
    _require_editor(request)
    batch = services.get_batch(request.user, pk)
    if request.GET.get("download") == "errors":
        return _errors_csv(batch)
    return render(request, "spreadsheets/batch.jinja", {"batch": batch})


def _errors_csv(batch):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["Line", "Column", "Value", "Reason"])
    for error in batch.errors:
        writer.writerow(
            [
                error.get("line"),
                error.get("column"),
                _safe(error.get("value")),
                error.get("message"),
            ]
        )
    response = HttpResponse(
        buffer.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="import-{batch.pk}-errors.csv"'
    response["Cache-Control"] = "no-store"
    return response


def _safe(value):
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text
