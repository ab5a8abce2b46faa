import csv
import io
import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safeguarding.accounts.scope import scope_for
from safeguarding.reviews import dates, types
from safeguarding.versioning import StaleEdit

from . import choices as choice_files
from . import columns, importing, services
from .forms import (
    ChoicesFileForm,
    ExportForm,
    MappingForm,
    TableForm,
    UpdateExistingForm,
    UploadForm,
    ValuesForm,
)
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
        sheet=form.chosen_sheet(),
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    response["Cache-Control"] = "no-store"
    return response


def _open_batch(request, pk):
    _require_editor(request)
    batch = services.get_batch(request.user, pk)
    return batch


def _mapping_page(
    request,
    batch,
    *,
    form=None,
    table_form=None,
    file_form=None,
    stale=None,
    sheet=None,
    file_error="",
    status=200,
):
    if sheet is None and not file_error:
        try:
            sheet = services.read_sheet(batch)
        except services.SpreadsheetError as error:
            file_error = str(error)
    samples = services.sample_values(batch, sheet=sheet) if sheet else {}
    if form is None:
        form = MappingForm(
            header=batch.header,
            samples=samples,
            mapping=batch.mapping,
            initial={"version": batch.version},
        )
    if table_form is None:
        table_form = TableForm(
            sheet_names=sheet.sheet_names if sheet else (),
            initial={
                "sheet": batch.sheet_name,
                "heading_row": batch.header_line,
                "version": batch.version,
            },
        )
    file_form = file_form or ChoicesFileForm(initial={"version": batch.version})
    with_errors = [f for f in (table_form, file_form, form) if f.is_bound and f.errors]
    return render(
        request,
        "spreadsheets/mapping.jinja",
        {
            "form": with_errors[0] if with_errors else form,
            "mapping_form": form,
            "table_form": table_form,
            "file_form": file_form,
            "batch": batch,
            "sheet": sheet,
            "stale": stale,
            "file_error": file_error,
            "saved": services.saved_choices(request.user),
        },
        status=status,
    )


def _save_step(request, batch, form, save, *, field=None, then, message=""):
    """Run one import step's save from a valid form.

    Returns (response, stale): a redirect when the step is done or the batch is already
    imported; otherwise None and the StaleEdit, if any, with the service's refusals added
    to ``form`` (against ``field``, or the form as a whole).
    """
    try:
        save()
    except (services.ChoicesError, services.MappingError, services.SpreadsheetError) as error:
        found = getattr(error, "errors", None) or [str(error)]
        if isinstance(found, dict):  # a MappingError: messages by field or heading
            where = getattr(form, "field_for", lambda key: None)
            found = [(field or where(key), text) for key, text in found.items()]
        else:
            found = [(field, text) for text in found[:10]]
        for name, text in found:
            form.add_error(name, text)
        return None, None
    except StaleEdit as error:
        return None, error
    except services.BatchError as error:
        messages.info(request, str(error))
        return redirect("spreadsheets:result", pk=batch.pk), None
    if message:
        messages.success(request, message)
    return redirect(then, pk=batch.pk), None


@require_http_methods(["GET", "POST"])
def mapping(request, pk):
    batch = _open_batch(request, pk)
    if batch.is_committed:
        return redirect("spreadsheets:result", pk=batch.pk)
    if request.method == "GET":
        return _mapping_page(request, batch)
    try:
        sheet = services.read_sheet(batch)
    except services.SpreadsheetError as error:
        return _mapping_page(request, batch, file_error=str(error), status=400)
    form = MappingForm(
        request.POST, header=batch.header, samples=services.sample_values(batch, sheet=sheet)
    )
    stale = None
    if form.is_valid():
        done, stale = _save_step(
            request,
            batch,
            form,
            lambda: services.save_mapping(
                request.user,
                batch.pk,
                form.mapping(),
                form.cleaned_data.get("version"),
                request=request,
            ),
            then="spreadsheets:values",
        )
        if done:
            return done
    batch.refresh_from_db()
    return _mapping_page(
        request, batch, form=form, stale=stale, sheet=sheet, status=409 if stale else 400
    )


@require_POST
def table(request, pk):
    """Read the file from another sheet or heading row."""
    batch = _open_batch(request, pk)
    if batch.is_committed:
        return redirect("spreadsheets:result", pk=batch.pk)
    try:
        sheet = services.read_sheet(batch)
    except services.SpreadsheetError:
        sheet = None
    form = TableForm(request.POST, sheet_names=sheet.sheet_names if sheet else ())
    stale = None
    if form.is_valid():
        done, stale = _save_step(
            request,
            batch,
            form,
            lambda: services.choose_table(
                request.user,
                batch.pk,
                form.cleaned_data.get("version"),
                sheet=form.cleaned_data.get("sheet") or None,
                heading_line=form.cleaned_data.get("heading_row"),
                request=request,
            ),
            field="heading_row",
            then="spreadsheets:mapping",
            message="The file has been read again: check which column is which",
        )
        if done:
            return done
    batch.refresh_from_db()
    return _mapping_page(
        request, batch, table_form=form, stale=stale, sheet=sheet, status=409 if stale else 400
    )


@require_http_methods(["GET", "POST"])
def choices_file(request, pk):
    """GET: the batch's choices as a JSON file. POST: apply an uploaded choices file."""
    batch = _open_batch(request, pk)
    if request.method == "GET":
        body = json.dumps(services.choices_for(batch), indent=2, ensure_ascii=False)
        response = HttpResponse(body.encode("utf-8"), content_type="application/json")
        response["Content-Disposition"] = f'attachment; filename="import-{batch.pk}-choices.json"'
        response["Cache-Control"] = "no-store"
        return response
    if batch.is_committed:
        return redirect("spreadsheets:result", pk=batch.pk)
    form = ChoicesFileForm(request.POST, request.FILES)
    stale = None
    if form.is_valid():
        upload = form.cleaned_data["choices_file"]

        def apply():
            content = upload.read(choice_files.MAX_DOCUMENT_BYTES + 1)
            services.apply_choices(
                request.user,
                batch.pk,
                choice_files.parse_document(content),
                form.cleaned_data.get("version"),
                request=request,
            )

        done, stale = _save_step(
            request,
            batch,
            form,
            apply,
            field="choices_file",
            then="spreadsheets:mapping",
            message="Your choices file has been applied",
        )
        if done:
            return done
    batch.refresh_from_db()
    return _mapping_page(request, batch, file_form=form, stale=stale, status=409 if stale else 400)


@require_http_methods(["GET", "POST"])
def values(request, pk):
    """Say once what each value no rule recognises means."""
    batch = _open_batch(request, pk)
    if batch.is_committed:
        return redirect("spreadsheets:result", pk=batch.pk)
    try:
        questions = services.value_questions(request.user, batch)
    except services.MappingError:
        messages.info(request, "Choose which column is which first")
        return redirect("spreadsheets:mapping", pk=batch.pk)
    except services.SpreadsheetError as error:
        return _check_page(request, batch, None, file_error=str(error), status=400)
    if not questions and request.method == "GET":
        return redirect("spreadsheets:check", pk=batch.pk)
    form = ValuesForm(
        request.POST if request.method == "POST" else None,
        questions=questions,
        initial={"version": batch.version},
    )
    stale = None
    if request.method == "POST" and form.is_valid():
        done, stale = _save_step(
            request,
            batch,
            form,
            lambda: services.save_values(
                request.user,
                batch.pk,
                form.values(),
                form.cleaned_data.get("version"),
                request=request,
            ),
            then="spreadsheets:check",
        )
        if done:
            return done
    return render(
        request,
        "spreadsheets/values.jinja",
        {"form": form, "batch": batch, "stale": stale},
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


@require_POST
def update_existing(request, pk):
    """Choose whether rows already recorded (by local reference) update those reviews."""
    batch = _open_batch(request, pk)
    if batch.is_committed:
        return redirect("spreadsheets:result", pk=batch.pk)
    form = UpdateExistingForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["update"][0] if "update" in form.errors else "")
        return redirect("spreadsheets:check", pk=batch.pk)
    update = form.cleaned_data["update"] == "yes"
    done, stale = _save_step(
        request,
        batch,
        form,
        lambda: services.set_update_existing(
            request.user, batch.pk, update, form.cleaned_data.get("version"), request=request
        ),
        then="spreadsheets:check",
        message=(
            "Rows already recorded will update those reviews: check the changes below"
            if update
            else "Rows already recorded will be refused"
        ),
    )
    if done:
        return done
    messages.info(
        request,
        "This import was changed in another tab or window since you opened it: "
        "here is the check as it stands now",
    )
    return redirect("spreadsheets:check", pk=batch.pk)


def _check_page(request, batch, result, *, file_error="", status=200):
    return render(
        request,
        "spreadsheets/check.jinja",
        {
            "batch": batch,
            "result": result,
            "file_error": file_error,
            "preview": _preview(result) if result else [],
            "already_recorded": _already_recorded(result),
        },
        status=status,
    )


PREVIEW_ROWS = 50


def _already_recorded(result):
    """How many rows were refused only because their local reference is already recorded."""
    if not result:
        return 0
    return len(
        {e["line"] for e in result.errors if e["message"].endswith(importing.ALREADY_RECORDED)}
    )


def _preview(result):
    """The first rows as they will be recorded: title (made up or not), type, dates as known."""
    bad = {error["line"] for error in result.errors}
    rows = []
    for row in result.preview[:PREVIEW_ROWS]:
        data = row.data
        precision = data.get("date_precision") or {}
        rows.append(
            {
                "line": row.line,
                "ok": row.line not in bad,
                "title": data.get("title") or "",
                "title_made_up": row.title_made_up,
                "type": types.REVIEW_TYPES.get(data.get("review_type") or "", ""),
                "partnership": getattr(data.get("partnership"), "name", ""),
                "dates": [
                    (columns.COLUMNS[name].header, dates.describe(data[name], precision.get(name)))
                    for name in PREVIEW_DATES
                    if data.get(name)
                ],
                "themes": ", ".join(t.label for t in data.get("primary_themes") or []),
            }
        )
    return rows


PREVIEW_DATES = ("incident_date", "decision_date", "signed_off_date", "published_date")


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
    text = f"{len(result.created)} {'review' if len(result.created) == 1 else 'reviews'} imported"
    if result.updated:
        text += f", {len(result.updated)} updated"
    messages.success(request, text)
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
