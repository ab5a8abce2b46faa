from django import forms
from openpyxl.utils import get_column_letter

from safeguarding.reviews import types

from . import columns, exporting, reading


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Spreadsheet file",
        error_messages={
            "required": "Choose a CSV file or an Excel workbook (.xlsx) to upload",
            "empty": "The file is empty",
            "invalid": "Choose a CSV file or an Excel workbook (.xlsx) to upload",
            "missing": "Choose a CSV file or an Excel workbook (.xlsx) to upload",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            "A CSV file or an Excel workbook (.xlsx), up to "
            f"{reading.describe_size(reading.max_bytes())}. Title or note rows above the "
            "column headings are fine: the headings are found, and you can change the row "
            "and the sheet."
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            reading.check_size(upload.size)
        except reading.SpreadsheetError as error:
            raise forms.ValidationError(str(error)) from None
        return upload


def _sample_text(heading, samples):
    values = [str(v) for v in samples.get(heading, [])]
    if not values:
        return f"{heading} (empty)"
    shown = ", ".join(v if len(v) <= 25 else v[:24] + "…" for v in values[:2])
    return f"{heading} (for example {shown})"


def field_choices():
    """What a column of the file may be: a tracker field, or not imported."""
    items = [("", "Do not import this column")]
    for column in columns.IMPORT_COLUMNS:
        label = column.header
        if column.many:
            label += " (several columns may feed it)"
        elif column.required:
            label += " (required)"
        items.append((column.key, label))
    return items


class MappingForm(forms.Form):
    """One question per column of the file: which tracker field it holds."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, header, samples=None, mapping=None, **kwargs):
        super().__init__(*args, **kwargs)
        samples = samples or {}
        mapping = mapping or {}
        self.headings = {}
        options = field_choices()
        for index, heading in enumerate(header):
            if not heading:
                continue
            name = f"column_{index}"
            self.headings[name] = heading
            values = [str(v) for v in samples.get(heading, [])]
            hint = (
                "For example: " + "; ".join(v if len(v) <= 40 else v[:39] + "…" for v in values)
                if values
                else "Empty in every row"
            )
            self.fields[name] = forms.ChoiceField(
                label=f"{heading} (column {get_column_letter(index + 1)})",
                choices=options,
                required=False,
                help_text=hint,
                initial=mapping.get(heading, ""),
                error_messages={
                    "invalid_choice": "Choose a field of the tracker, or do not import"
                },
            )

    def clean(self):
        cleaned = super().clean()
        first = {}
        for name, heading in self.headings.items():
            key = cleaned.get(name)
            if not key:
                continue
            column = columns.COLUMNS[key]
            if key in first and not column.many:
                self.add_error(
                    name,
                    f"The column '{first[key]}' is already chosen for {column.header.lower()}, "
                    "which takes one column: choose another field, or do not import this one",
                )
            first.setdefault(key, heading)
        return cleaned

    def mapping(self):
        return {
            heading: self.cleaned_data[name]
            for name, heading in self.headings.items()
            if self.cleaned_data.get(name)
        }

    def field_for(self, key_or_heading):
        """The form field to show a service error against."""
        for name, heading in self.headings.items():
            if heading == key_or_heading or self.cleaned_data.get(name) == key_or_heading:
                return name
        return None


class TableForm(forms.Form):
    """Which sheet of a workbook, and which row holds the headings."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    sheet = forms.ChoiceField(label="Sheet", required=False)
    heading_row = forms.IntegerField(
        label="Row with the column headings",
        min_value=1,
        max_value=1_000_000,
        required=False,
        help_text="The row number your spreadsheet program shows",
        error_messages={
            "invalid": "Enter the row number of the headings, like 4",
            "min_value": "Enter a row number of 1 or more",
            "max_value": "Enter a row number in the file",
        },
    )

    def __init__(self, *args, sheet_names=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sheet"].choices = [(name, name) for name in sheet_names] or [("", "")]
        self.fields["sheet"].error_messages["invalid_choice"] = (
            "Choose one of the workbook's sheets"
        )
        self.fields["heading_row"].widget.attrs.update(
            {"inputmode": "numeric", "class": "nhsuk-input--width-4"}
        )


class UpdateExistingForm(forms.Form):
    """Whether rows whose local reference is already recorded update that review."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    update = forms.ChoiceField(
        choices=[("yes", "Update them"), ("no", "Refuse them")],
        error_messages={
            "required": "Choose whether to update the reviews already recorded",
            "invalid_choice": "Choose whether to update the reviews already recorded",
        },
    )


class ChoicesFileForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    choices_file = forms.FileField(
        label="Choices file (JSON)",
        help_text="A choices file downloaded from this page, for this or another tracker",
        error_messages={
            "required": "Choose a choices file to upload",
            "empty": "The choices file is empty",
            "invalid": "Choose a choices file to upload",
        },
    )


class ValuesForm(forms.Form):
    """One question per value no rule recognises: what it means in the service."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = {}
        for index, question in enumerate(questions):
            name = f"value_{index}"
            self.questions[name] = question
            lines = question["lines"]
            where = ", ".join(str(n) for n in lines[:8]) + (" and more" if len(lines) > 8 else "")
            suggested = question["suggestions"]
            items = [("", "Leave it: those rows stay as errors")]
            items += [
                (target, f"{question['options'][target]} (suggested)") for target in suggested
            ]
            items += [(t, label) for t, label in question["options"].items() if t not in suggested]
            self.fields[name] = forms.ChoiceField(
                label=f"'{question['value']}'",
                choices=items,
                required=False,
                help_text=f"{len(lines)} {'row' if len(lines) == 1 else 'rows'}: "
                f"line{'s' if len(lines) > 1 else ''} {where}",
                error_messages={"invalid_choice": "Choose one of the listed meanings"},
            )

    def values(self):
        chosen = {}
        for name, question in self.questions.items():
            target = self.cleaned_data.get(name)
            if target:
                chosen.setdefault(question["field"], {})[question["value"]] = target
        return chosen

    def groups(self):
        """[(field label, [bound fields])] in the order asked."""
        grouped = {}
        for name, question in self.questions.items():
            grouped.setdefault(question["label"], []).append(self[name])
        return list(grouped.items())


class ExportForm(forms.Form):
    layout = forms.ChoiceField(
        label="Layout",
        choices=list(columns.LAYOUTS.items()),
        initial="tracker",
        error_messages={"required": "Choose a layout", "invalid_choice": "Choose a layout"},
    )
    format = forms.ChoiceField(
        label="File type",
        choices=[("csv", "CSV"), ("xlsx", "Excel workbook (.xlsx)")],
        initial="csv",
        error_messages={"required": "Choose a file type", "invalid_choice": "Choose a file type"},
    )
    sheet = forms.ChoiceField(
        label="What to export",
        required=False,
        choices=list(exporting.EXPORT_SHEETS.items()),
        help_text="An Excel workbook of the tracker layout has both, on separate sheets",
        error_messages={"invalid_choice": "Choose reviews, or recommendations and actions"},
    )
    review_type = forms.ChoiceField(
        label="Type",
        required=False,
        choices=[("", "All types")] + list(types.REVIEW_TYPES.items()),
        error_messages={"invalid_choice": "Choose a type of review from the list"},
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Open and closed"), ("open", "Open"), ("closed", "Closed")],
        error_messages={"invalid_choice": "Choose open, closed, or both"},
    )

    def chosen_sheet(self):
        return self.cleaned_data.get("sheet") or "reviews"

    def filters(self):
        return {
            "review_type": self.cleaned_data.get("review_type", ""),
            "status": self.cleaned_data.get("status", ""),
        }
