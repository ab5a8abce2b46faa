"""Form fields shaped for the NHS.UK design system."""

import datetime

from django import forms


class DateInputWidget(forms.Widget):
    """Three boxes, day, month and year, named ``<name>[day]`` and so on."""

    def value_from_datadict(self, data, files, name):
        return tuple(
            str(data.get(f"{name}[{part}]", "")).strip() for part in ("day", "month", "year")
        )

    def value_omitted_from_data(self, data, files, name):
        return not any(f"{name}[{part}]" in data for part in ("day", "month", "year"))

    def format_value(self, value):
        return value


class DateField(forms.Field):
    """A date entered as day, month and year, with the NHS.UK error messages."""

    widget = DateInputWidget
    is_date = True

    def to_python(self, value):
        if isinstance(value, datetime.date):
            return value
        if not value or not any(value):
            return None
        day, month, year = value
        label = str(self.label or "Date").lower()
        missing = [
            name for name, part in zip(("day", "month", "year"), value, strict=True) if not part
        ]
        if missing:
            raise forms.ValidationError(
                f"The {label} must include a {' and '.join(missing)}", code="incomplete"
            )
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise forms.ValidationError(f"The {label} must be a real date", code="invalid")
        if len(year) != 4:
            raise forms.ValidationError(f"The year of the {label} must have 4 numbers", code="year")
        try:
            return datetime.date(int(year), int(month), int(day))
        except (ValueError, OverflowError):  # a part of 2**31 or more overflows C int
            raise forms.ValidationError(
                f"The {label} must be a real date", code="invalid"
            ) from None

    def validate(self, value):
        if value in self.empty_values and self.required:
            raise forms.ValidationError(f"Enter the {str(self.label).lower()}", code="required")

    def has_changed(self, initial, data):
        try:
            return self.to_python(data) != initial
        except forms.ValidationError:
            return True
