from django import forms

from safeguarding.reviews import types

from . import columns, reading


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
            f"{reading.describe_size(reading.max_bytes())}. The first row must be the "
            "column headings; only the first sheet of a workbook is read."
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


class MappingForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, header, samples=None, **kwargs):
        super().__init__(*args, **kwargs)
        samples = samples or {}
        choices = [("", "Not in this file")] + [
            (heading, _sample_text(heading, samples)) for heading in header if heading
        ]
        for column in columns.TRACKER_COLUMNS:
            label = column.header + (" (required)" if column.required else "")
            self.fields[column.key] = forms.ChoiceField(
                label=label,
                choices=choices,
                required=column.required,
                help_text=column.hint,
                error_messages={
                    "required": f"Choose the column that holds the {column.header.lower()}",
                    "invalid_choice": "Choose one of the file's columns, or 'Not in this file'",
                },
            )

    def clean(self):
        cleaned = super().clean()
        used = {}
        for column in columns.TRACKER_COLUMNS:
            heading = cleaned.get(column.key)
            if not heading:
                continue
            if heading in used:
                self.add_error(
                    column.key,
                    f"The column '{heading}' is already chosen for "
                    f"{columns.COLUMNS[used[heading]].header.lower()}; choose each column once",
                )
            else:
                used[heading] = column.key
        return cleaned

    def mapping(self):
        return {
            column.key: self.cleaned_data[column.key]
            for column in columns.TRACKER_COLUMNS
            if self.cleaned_data.get(column.key)
        }


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

    def filters(self):
        return {
            "review_type": self.cleaned_data.get("review_type", ""),
            "status": self.cleaned_data.get("status", ""),
        }
