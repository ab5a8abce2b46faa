"""Import and export operations. Each runs in one transaction and writes its audit row.

Import: ``upload`` (finds the sheet and heading row; the organisation's saved choices and
the recognised headings give a first mapping) → ``choose_table`` (optional: another sheet
or heading row) → ``save_mapping`` → ``save_values`` (what the unrecognised values mean) →
``dry_run`` (writes no review) → ``commit`` (all rows or none). ``apply_choices`` takes a
choices file instead of the steps.
Export: ``export_reviews``, from the person's visible reviews only.
"""

import json
from dataclasses import dataclass, field

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from safeguarding.accounts.scope import scope_for
from safeguarding.audit import services as audit
from safeguarding.organisations.models import OrganisationAlias
from safeguarding.reviews.services import NotAllowed
from safeguarding.versioning import FieldChange, check_version

from . import choices, columns, exporting, importing, reading, updating
from .choices import ChoicesError
from .models import ImportBatch, ImportChoices
from .reading import SpreadsheetError

__all__ = [
    "BatchError",
    "ChoicesError",
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
    unmatched: dict = field(default_factory=dict)
    preview: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    updated: list = field(default_factory=list)  # rows that update a review already recorded

    @property
    def ok(self):
        return not self.errors

    @property
    def updates(self):
        """The rows of the check that update a review already recorded."""
        return [row for row in self.preview if row.existing_id is not None]


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


def saved_choices(user):
    """The choices the person's organisation made at its last import, or None."""
    if not getattr(user, "organisation_id", None):
        return None
    return ImportChoices.objects.filter(organisation_id=user.organisation_id).first()


def _read(content, file_name, sheet=None, heading_line=None):
    return reading.read(
        content,
        file_name,
        sheet=sheet or None,
        heading_line=heading_line,
        known_heading=columns.is_known_heading,
    )


def upload(user, uploaded_file, *, request=None):
    """Store an uploaded file as a new batch, with its table found and a first mapping.

    Raises ``SpreadsheetError`` (nothing stored) if the file cannot be read.
    """
    _require_editor(user)
    reading.check_size(getattr(uploaded_file, "size", None))
    content = uploaded_file.read(reading.max_bytes() + 1)
    name = (getattr(uploaded_file, "name", "") or "upload")[:255]
    saved = saved_choices(user)
    sheet = _read(content, name)
    if saved and saved.sheet and saved.sheet != sheet.sheet_name:
        if saved.sheet.casefold() in {n.casefold() for n in sheet.sheet_names}:
            sheet = _read(content, name, sheet=saved.sheet)
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            created_by=user,
            file_name=name,
            file_format=sheet.format,
            content=content,
            size=len(content),
            header=sheet.header,
            header_line=sheet.header_line,
            sheet_name=sheet.sheet_name,
            heading_found=sheet.heading_found,
            mapping=columns.suggest_mapping(sheet.header, saved.columns if saved else None),
            value_choices=dict(saved.values) if saved else {},
            row_count=len(sheet.rows),
        )
        audit.record(
            user,
            "create",
            batch,
            request=request,
            details={
                "version": 1,
                "file": name,
                "format": sheet.format,
                "rows": len(sheet.rows),
                "sheet": sheet.sheet_name,
                "heading_row": sheet.header_line,
            },
        )
    return batch


def read_sheet(batch):
    content = batch.content
    if content is None or not isinstance(content, bytes | memoryview) or not len(content):
        content = ImportBatch.objects.filter(pk=batch.pk).values_list("content", flat=True)[0]
    return _read(bytes(content), batch.file_name, batch.sheet_name, batch.header_line)


def sample_values(batch, count=3, sheet=None):
    """{heading: first non-blank values} to show on the mapping page."""
    if sheet is None:
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


def _locked_batch(user, batch_id, expected_version):
    batch = get_batch(user, batch_id, for_update=True)
    if batch.is_committed:
        raise BatchError("This file has already been imported")
    check_version(batch, expected_version)
    return batch


def _save_batch(user, batch, changes, request):
    batch.status = ImportBatch.Status.UPLOADED
    batch.errors, batch.error_count = [], 0
    batch.version += 1
    batch.save()
    audit.record(
        user,
        "change",
        batch,
        request=request,
        details={"version": batch.version, "changes": [c.__dict__ for c in changes]},
    )


def choose_table(user, batch_id, expected_version, *, sheet=None, heading_line=None, request=None):
    """Read the batch again from another sheet or heading row. Raises SpreadsheetError
    (nothing changed), StaleEdit, BatchError."""
    _require_editor(user)
    with transaction.atomic():
        batch = _locked_batch(user, batch_id, expected_version)
        content = bytes(
            ImportBatch.objects.filter(pk=batch.pk).values_list("content", flat=True)[0]
        )
        new_sheet = sheet if sheet is not None else batch.sheet_name
        if sheet is not None and sheet != batch.sheet_name and heading_line is None:
            found = _read(content, batch.file_name, new_sheet)  # find the headings afresh
        else:
            found = _read(content, batch.file_name, new_sheet, heading_line)
        if found.sheet_name == batch.sheet_name and found.header_line == batch.header_line:
            return batch
        saved = saved_choices(user)
        changes = [
            FieldChange("sheet", "Sheet", batch.sheet_name, found.sheet_name),
            FieldChange(
                "heading_row", "Heading row", str(batch.header_line), str(found.header_line)
            ),
        ]
        batch.sheet_name = found.sheet_name
        batch.header_line = found.header_line
        batch.header = found.header
        batch.heading_found = True if heading_line else found.heading_found
        batch.row_count = len(found.rows)
        batch.mapping = columns.suggest_mapping(found.header, saved.columns if saved else None)
        _save_batch(user, batch, [c for c in changes if c.before != c.after], request)
    return batch


def set_update_existing(user, batch_id, update, expected_version, *, request=None):
    """Say whether rows whose local reference is already recorded update that review."""
    _require_editor(user)
    with transaction.atomic():
        batch = _locked_batch(user, batch_id, expected_version)
        if batch.update_existing == update:
            return batch
        change = FieldChange(
            field="update_existing",
            label="Reviews already recorded",
            before=_update_text(batch.update_existing),
            after=_update_text(update),
        )
        batch.update_existing = update
        _save_batch(user, batch, [change], request)
    return batch


def _update_text(update):
    return "updated from the file" if update else "refused"


def save_mapping(user, batch_id, mapping, expected_version, *, request=None):
    """Replace the batch's column mapping ({heading: key}) and remember it for the
    organisation's next import. Raises MappingError, StaleEdit, BatchError."""
    _require_editor(user)
    chosen = {heading: key for heading, key in (mapping or {}).items() if key}
    with transaction.atomic():
        batch = _locked_batch(user, batch_id, expected_version)
        errors = importing.mapping_errors(chosen, batch.header)
        if errors:
            raise MappingError(errors)
        if chosen != batch.mapping:
            before = batch.mapping
            batch.mapping = chosen
            _save_batch(
                user,
                batch,
                [
                    FieldChange(
                        "mapping", "Column mapping", _mapping_text(before), _mapping_text(chosen)
                    )
                ],
                request,
            )
        not_imported = {h: "" for h in batch.header if h and h not in chosen}
        _remember(user, request, columns={**not_imported, **chosen}, sheet=batch.sheet_name)
    return batch


def _mapping_text(mapping):
    return (
        "; ".join(
            f"{columns.COLUMNS[k].header} ← {h}" for h, k in mapping.items() if k in columns.COLUMNS
        )
        or "(none)"
    )


def _remember(user, request, *, columns=None, values=None, sheet=None):
    """Keep the organisation's choices for its next import; audited when they change."""
    if not getattr(user, "organisation_id", None):
        return None
    saved, _ = ImportChoices.objects.select_for_update().get_or_create(
        organisation_id=user.organisation_id
    )
    before = choices.document(saved.sheet, saved.heading_row, saved.columns, saved.values)
    if columns is not None:
        saved.columns = {**saved.columns, **columns}
    if values is not None:
        merged = {field: dict(chosen) for field, chosen in saved.values.items()}
        for field, chosen in values.items():
            merged.setdefault(field, {}).update(chosen)
        saved.values = {field: chosen for field, chosen in merged.items() if chosen}
    if sheet is not None:
        saved.sheet = sheet
    after = choices.document(saved.sheet, saved.heading_row, saved.columns, saved.values)
    if after == before:
        return saved
    saved.version += 1
    saved.updated_by = user
    saved.save()
    audit.record(
        user,
        "change",
        saved,
        request=request,
        details={
            "version": saved.version,
            "changes": [
                FieldChange(
                    key, key.replace("_", " ").capitalize(), _json(before[key]), _json(after[key])
                ).__dict__
                for key in after
                if after[key] != before[key]
            ],
        },
    )
    return saved


def _json(value):
    return json.dumps(value, ensure_ascii=False, sort_keys=True)[:2000]


def save_values(user, batch_id, values, expected_version, *, request=None):
    """Record what unrecognised values mean ({field: {value: target}}).

    Refuses (ChoicesError) a target the person may not use. A partnership choice also
    becomes an alias of that partnership, for everyone; each alias is audited.
    """
    _require_editor(user)
    cleaned = choices.check_values(user, values)
    with transaction.atomic():
        batch = _locked_batch(user, batch_id, expected_version)
        for name, target in cleaned.get("partnership", {}).items():
            add_alias(user, target, name, request=request)
        merged = {field: dict(chosen) for field, chosen in batch.value_choices.items()}
        for field, chosen in cleaned.items():
            merged.setdefault(field, {}).update(chosen)
        if merged != batch.value_choices:
            before = batch.value_choices
            batch.value_choices = merged
            _save_batch(
                user,
                batch,
                [FieldChange("values", "Value choices", _json(before), _json(merged))],
                request,
            )
        _remember(user, request, values=cleaned)
    return batch


def add_alias(user, partnership_name, alias, *, request=None):
    """Record that ``alias`` means the named partnership, which must be in the person's scope."""
    from safeguarding.reviews.services import partnerships_for

    org = partnerships_for(user).filter(name=partnership_name).first()
    if org is None:
        raise ChoicesError(
            [f"'{partnership_name}' is not a partnership you can record reviews for"]
        )
    alias = " ".join(str(alias).split())[:200]
    key = columns.normalise(alias)
    if not key or key == columns.normalise(org.name):
        return None
    existing = OrganisationAlias.objects.filter(organisation=org, key=key).first()
    if existing:
        return existing
    record = OrganisationAlias.objects.create(
        organisation=org, name=alias, key=key, created_by=user
    )
    audit.record(
        user,
        "create",
        record,
        request=request,
        label=f"'{alias}' for {org.name}",
        details={"alias": alias, "organisation": org.pk},
    )
    return record


def choices_for(batch):
    """The batch's choices as the downloadable document."""
    return choices.document(batch.sheet_name, batch.header_line, batch.mapping, batch.value_choices)


def apply_choices(user, batch_id, document, expected_version, *, request=None):
    """Apply an uploaded choices document to a batch: sheet, heading row, columns, values.

    Raises ChoicesError, SpreadsheetError, MappingError, StaleEdit, BatchError; nothing
    changes unless all of it can be used.
    """
    _require_editor(user)
    with transaction.atomic():
        batch = get_batch(user, batch_id)
        version = expected_version
        if document.get("sheet") or document.get("heading_row"):
            batch = choose_table(
                user,
                batch_id,
                version,
                sheet=document.get("sheet") or None,
                heading_line=document.get("heading_row"),
                request=request,
            )
            version = batch.version
        if document.get("columns"):
            wanted = {**batch.mapping, **document["columns"]}
            batch = save_mapping(user, batch_id, wanted, version, request=request)
            version = batch.version
        if document.get("values"):
            batch = save_values(user, batch_id, document["values"], version, request=request)
    return batch


def _validate(user, batch, sheet=None):
    sheet = sheet or read_sheet(batch)
    problems = importing.mapping_errors(batch.mapping, sheet.header)
    if problems:
        raise MappingError(problems)
    rows = importing.rows_from_sheet(sheet, batch.mapping)
    validation = importing.Importer(
        user, choices=batch.value_choices, update_existing=batch.update_existing
    ).validate(rows, batch.mapping, problems=sheet.problems)
    if batch.update_existing:
        updating.plan(user, validation, batch.mapping)
    return validation, sheet


def unmatched_values(user, batch):
    """{field: {value: [lines]}} of the values no rule or choice recognises."""
    validation, _ = _validate(user, batch)
    return validation.unmatched


def _record_errors(batch, validation, status):
    batch.errors = validation.errors
    batch.error_count = len(validation.errors)
    batch.row_count = validation.row_count
    batch.status = status
    batch.save(update_fields=["errors", "error_count", "row_count", "status"])


def dry_run(user, batch_id):
    """Check every row against the mapping and choices; create nothing."""
    _require_editor(user)
    with transaction.atomic():
        batch = get_batch(user, batch_id, for_update=True)
        if batch.is_committed:
            raise BatchError("This file has already been imported")
        validation, sheet = _validate(user, batch)
        status = ImportBatch.Status.CHECKED if validation.ok else ImportBatch.Status.FAILED
        batch.checked_versions = updating.checked_versions(validation)
        batch.save(update_fields=["checked_versions"])
        _record_errors(batch, validation, status)
    return CheckResult(
        batch=batch,
        errors=validation.errors,
        ready=len(validation.rows),
        row_count=validation.row_count,
        unmatched=validation.unmatched,
        preview=validation.preview,
        skipped=list(sheet.skipped),
    )


def commit(user, batch_id, *, request=None):
    """Check again and, only if every row is good, create every review in one transaction."""
    _require_editor(user)
    with transaction.atomic():
        batch = get_batch(user, batch_id, for_update=True)
        if batch.is_committed:
            raise BatchError("This file has already been imported")
        validation, sheet = _validate(user, batch)
        for line, reference in updating.stale_rows(validation, batch.checked_versions):
            validation.errors.append(
                {
                    "line": line,
                    "column": "",
                    "field": "reference",
                    "value": reference,
                    "message": f"The review with local reference '{reference}' has changed "
                    "since this file was checked: check the file again to see what importing "
                    "it would change now",
                }
            )
            validation.rows = []
        if not validation.ok:
            _record_errors(batch, validation, ImportBatch.Status.FAILED)
            return CheckResult(
                batch=batch,
                errors=validation.errors,
                row_count=validation.row_count,
                unmatched=validation.unmatched,
                preview=validation.preview,
                skipped=list(sheet.skipped),
            )
        created = commit_rows(user, batch, validation, source=f"import:{batch.pk}", request=request)
    return CheckResult(
        batch=batch,
        ready=len(validation.rows),
        row_count=validation.row_count,
        created=created,
        updated=[row for row in validation.rows if row.existing_id is not None and row.changes],
    )


def commit_rows(user, batch, validation, *, source, request=None):
    """Create the reviews of a clean validation, audit the import and close the batch.

    The one commit path, shared by spreadsheet imports, the import command and the DHRD
    command. Runs inside the caller's transaction.
    """
    with transaction.atomic():
        created = importing.create_all(user, validation, source=source, request=request)
        updated = sum(1 for row in validation.rows if row.existing_id is not None and row.changes)
        batch.status = ImportBatch.Status.COMMITTED
        batch.committed_at = timezone.now()
        batch.created_count = len(created)
        batch.updated_count = updated
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
                "updated": updated,
                "file": batch.file_name,
                "format": batch.file_format,
                "source": source,
            },
        )
    return created


def export_reviews(user, layout, fmt, filters=None, *, request=None, sheet="reviews"):
    """(content bytes, file name, content type) of the person's visible reviews; a tracker
    workbook has their recommendations and actions on a second sheet. With
    ``sheet="recommendations"``, only the recommendations and actions (the layout aside)."""
    if layout not in columns.LAYOUTS:
        raise ValueError(f"Unknown layout {layout!r}")
    if fmt not in (reading.CSV, reading.XLSX):
        raise ValueError(f"Unknown format {fmt!r}")
    if sheet not in exporting.EXPORT_SHEETS:
        raise ValueError(f"Unknown sheet {sheet!r}")
    filters = {k: v for k, v in (filters or {}).items() if v}
    reviews = exporting.reviews_for_export(user, filters)
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    if sheet == "recommendations":
        content, count = exporting.render_recommendations(user, reviews, fmt)
        file_name = f"recommendations-and-actions-{stamp}.{fmt}"
        object_type = "recommendation"
        label = f"{count} recommendation and action rows, {fmt.upper()}"
        details = {"count": count, "sheet": sheet, "format": fmt, "filters": filters}
    else:
        content, count, actions = exporting.render(reviews, layout, fmt, user=user)
        file_name = f"reviews-{layout}-{stamp}.{fmt}"
        object_type = "review"
        label = f"{count} reviews, {columns.LAYOUTS[layout]}, {fmt.upper()}"
        details = {"count": count, "layout": layout, "format": fmt, "filters": filters}
        if actions is not None:
            label += f", with {actions} recommendation and action rows"
            details["recommendation_rows"] = actions
    with transaction.atomic():
        audit.record(
            user,
            "export",
            None,
            request=request,
            object_type=object_type,
            label=label,
            details=details,
        )
    return content, file_name, exporting.CONTENT_TYPES[fmt]


def value_questions(user, batch, unmatched=None):
    """One question per value to decide: [{field, label, value, lines, options, suggestions}].

    The field is "themes" for both theme columns; ``options`` is {target: label}; the
    suggestions are the closest names, never chosen for the person.
    """
    from . import values as V

    if unmatched is None:
        unmatched = unmatched_values(user, batch)
    questions, cache = [], {}
    for field_name, found in unmatched.items():
        for value, lines in found.items():
            if field_name in choices.DATE_FIELDS:
                options = choices.options(user, field_name, value)
            else:
                if field_name not in cache:
                    cache[field_name] = choices.options(user, field_name)
                options = cache[field_name]
            if not options:
                continue
            by_label = {label: target for target, label in options.items()}
            names = {**{t: t for t in options}, **by_label}
            suggested = []
            for name in V.suggestions(value, names):
                target = names[name]
                if target not in suggested:
                    suggested.append(target)
            if field_name in choices.DATE_FIELDS:
                suggested = list(options)
            questions.append(
                {
                    "field": field_name,
                    "label": choices.field_label(field_name),
                    "value": value,
                    "lines": lines,
                    "options": options,
                    "suggestions": suggested,
                }
            )
    return questions
