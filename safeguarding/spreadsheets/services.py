"""Import and export operations. Each runs in one transaction and writes its audit row.

Import: ``upload`` → ``save_mapping`` (optional; a suggestion is saved on upload) →
``dry_run`` (writes no review) → ``commit`` (all rows or none).
Export: ``export_reviews``, from the person's visible reviews only.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from safeguarding.accounts.scope import scope_for
from safeguarding.audit import services as audit
from safeguarding.reviews.services import NotAllowed
from safeguarding.versioning import FieldChange, check_version

from . import columns, exporting, importing, reading
from .models import ImportBatch
from .reading import SpreadsheetError

__all__ = [
    "BatchError",
    "MappingError",
    "NotAllowed",
    "SpreadsheetError",
    "commit",
    "dry_run",
    "export_reviews",
    "get_batch",
    "save_mapping",
    "suggest_mapping",
    "upload",
]


class BatchError(Exception):
    """The batch is not in a state that allows this (for example, already imported)."""


class MappingError(Exception):
    def __init__(self, errors):
        self.errors = errors
        super().__init__("The column mapping cannot be used")


@dataclass
class CheckResult:
    batch: ImportBatch
    errors: list = field(default_factory=list)
    ready: int = 0
    row_count: int = 0
    created: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors


suggest_mapping = columns.suggest_mapping


def _require_editor(user):
    if not scope_for(user).can_edit:
        raise NotAllowed("Your role can export reviews but not import them")


def batches_for(user):
    return ImportBatch.objects.visible_to(user)


def get_batch(user, pk, *, for_update=False):
    """One batch the person may see, or 404."""
    qs = batches_for(user).defer("content")
    if for_update:
        qs = batches_for(user).select_for_update()
    batch = qs.filter(pk=pk).first()
    if batch is None:
        raise Http404("No import found")
    return batch


def upload(user, uploaded_file, *, request=None):
    """Store an uploaded file as a new batch, with a suggested mapping.

    Raises ``SpreadsheetError`` (nothing stored) if the file cannot be read.
    """
    _require_editor(user)
    reading.check_size(getattr(uploaded_file, "size", None))
    content = uploaded_file.read(reading.max_bytes() + 1)
    name = (getattr(uploaded_file, "name", "") or "upload")[:255]
    sheet = reading.read(content, name)
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            created_by=user,
            file_name=name,
            file_format=sheet.format,
            content=content,
            size=len(content),
            header=sheet.header,
            header_line=sheet.header_line,
            mapping=columns.suggest_mapping(sheet.header),
            row_count=len(sheet.rows),
        )
        audit.record(
            user,
            "create",
            batch,
            request=request,
            details={"version": 1, "file": name, "format": sheet.format, "rows": len(sheet.rows)},
        )
    return batch


def read_sheet(batch):
    content = batch.content
    if content is None:
        content = ImportBatch.objects.filter(pk=batch.pk).values_list("content", flat=True)[0]
    return reading.read(bytes(content), batch.file_name)


def sample_values(batch, count=3):
    """{heading: first non-blank values} to show on the mapping page."""
    try:
        sheet = read_sheet(batch)
    except SpreadsheetError:
        return {}
    samples = {heading: [] for heading in sheet.header if heading}
    for _, values in sheet.rows:
        for heading, value in zip(sheet.header, values, strict=False):
            if not heading or value in ("", None) or len(samples[heading]) >= count:
                continue
            text = value.isoformat() if hasattr(value, "isoformat") else value
            if text not in samples[heading]:
                samples[heading].append(text)
    return samples


def save_mapping(user, batch_id, mapping, expected_version, *, request=None):
    """Replace the batch's column mapping. Raises MappingError, StaleEdit, BatchError."""
    _require_editor(user)
    mapping = {key: heading for key, heading in (mapping or {}).items() if heading}
    with transaction.atomic():
        batch = get_batch(user, batch_id, for_update=True)
        if batch.is_committed:
            raise BatchError("This file has already been imported")
        check_version(batch, expected_version)
        errors = importing.mapping_errors(mapping, batch.header)
        if errors:
            raise MappingError(errors)
        if mapping == batch.mapping:
            return batch
        before = batch.mapping
        batch.mapping = mapping
        batch.status = ImportBatch.Status.UPLOADED
        batch.errors, batch.error_count = [], 0
        batch.version += 1
        batch.save()
        audit.record(
            user,
            "change",
            batch,
            request=request,
            details={
                "version": batch.version,
                "changes": [
                    FieldChange(
                        field="mapping",
                        label="Column mapping",
                        before=_mapping_text(before),
                        after=_mapping_text(mapping),
                    ).__dict__
                ],
            },
        )
    return batch


def _mapping_text(mapping):
    return "; ".join(f"{columns.COLUMNS[k].header} ← {v}" for k, v in mapping.items()) or "(none)"


def _validate(user, batch):
    sheet = read_sheet(batch)
    problems = importing.mapping_errors(batch.mapping, sheet.header)
    if problems:
        raise MappingError(problems)
    rows = importing.rows_from_sheet(sheet, batch.mapping)
    return importing.Importer(user).validate(rows, batch.mapping, problems=sheet.problems)


def _record_errors(batch, validation, status):
    batch.errors = validation.errors
    batch.error_count = len(validation.errors)
    batch.row_count = validation.row_count
    batch.status = status
    batch.save(update_fields=["errors", "error_count", "row_count", "status"])


def dry_run(user, batch_id):
    """Check every row against the mapping; create nothing. Returns a CheckResult."""
    _require_editor(user)
    with transaction.atomic():
        batch = get_batch(user, batch_id, for_update=True)
        if batch.is_committed:
            raise BatchError("This file has already been imported")
        validation = _validate(user, batch)
        status = ImportBatch.Status.CHECKED if validation.ok else ImportBatch.Status.FAILED
        _record_errors(batch, validation, status)
    return CheckResult(
        batch=batch,
        errors=validation.errors,
        ready=len(validation.rows),
        row_count=validation.row_count,
    )


def commit(user, batch_id, *, request=None):
    """Check again and, only if every row is good, create every review in one transaction."""
    _require_editor(user)
    with transaction.atomic():
        batch = get_batch(user, batch_id, for_update=True)
        if batch.is_committed:
            raise BatchError("This file has already been imported")
        validation = _validate(user, batch)
        if not validation.ok:
            _record_errors(batch, validation, ImportBatch.Status.FAILED)
            return CheckResult(
                batch=batch, errors=validation.errors, row_count=validation.row_count
            )
        created = commit_rows(user, batch, validation, source=f"import:{batch.pk}", request=request)
    return CheckResult(
        batch=batch, ready=len(created), row_count=validation.row_count, created=created
    )


def commit_rows(user, batch, validation, *, source, request=None):
    """Create the reviews of a clean validation, audit the import and close the batch.

    The one commit path, shared by spreadsheet imports and the DHRD command. Runs inside
    the caller's transaction.
    """
    with transaction.atomic():
        created = importing.create_all(user, validation, source=source, request=request)
        batch.status = ImportBatch.Status.COMMITTED
        batch.committed_at = timezone.now()
        batch.created_count = len(created)
        batch.row_count = validation.row_count
        batch.errors, batch.error_count = [], 0
        batch.save()
        audit.record(
            user,
            "import",
            batch,
            request=request,
            details={
                "count": len(created),
                "file": batch.file_name,
                "format": batch.file_format,
                "source": source,
            },
        )
    return created


def export_reviews(user, layout, fmt, filters=None, *, request=None):
    """(content bytes, file name, content type) of the person's visible reviews."""
    if layout not in columns.LAYOUTS:
        raise ValueError(f"Unknown layout {layout!r}")
    if fmt not in (reading.CSV, reading.XLSX):
        raise ValueError(f"Unknown format {fmt!r}")
    filters = {k: v for k, v in (filters or {}).items() if v}
    reviews = exporting.reviews_for_export(user, filters)
    content, count = exporting.render(reviews, layout, fmt)
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    file_name = f"reviews-{layout}-{stamp}.{fmt}"
    with transaction.atomic():
        audit.record(
            user,
            "export",
            None,
            request=request,
            object_type="review",
            label=f"{count} reviews, {columns.LAYOUTS[layout]}, {fmt.upper()}",
            details={"count": count, "layout": layout, "format": fmt, "filters": filters},
        )
    return content, file_name, exporting.CONTENT_TYPES[fmt]
