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


class NHSBoundField(forms.BoundField):
    """A bound field whose label says "(optional)" when the field is not required, as the
    NHS.UK service manual asks (required fields are not marked)."""

    def __init__(self, form, field, name):
        super().__init__(form, field, name)
        if (
            getattr(form, "mark_optional", True)
            and not field.required
            and not field.widget.is_hidden
            and not str(self.label).endswith("(optional)")
        ):
            self.label = f"{self.label} (optional)"

    @property
    def max_length(self):
        """The most characters the field takes, or None: the character count shows it."""
        return getattr(self.field, "max_length", None)


def length_message(label, limit):
    """The plain-words message for text over its limit: "Title must be 120 characters or fewer"."""
    return f"{label} must be {limit} characters or fewer"


class NHSFormMixin:
    """For forms shown with the NHS.UK macros.

    - labels of fields that are not required end "(optional)" (``mark_optional = False``
      turns this off), through ``NHSBoundField``;
    - a text field with a ``max_length`` says so in plain words when over it ("Title must
      be 120 characters or fewer") instead of Django's "Ensure this value has at most...";
      templates show its limit beforehand with the character count
      (``_character_count.jinja``), which reads ``form[name].max_length``.

    Put it before ``forms.Form`` or ``forms.ModelForm`` in the bases. Fields added in a
    subclass's ``__init__`` are covered too: the messages are set when the form is cleaned.
    """

    bound_field_class = NHSBoundField
    mark_optional = True

    def full_clean(self):
        for field in self.fields.values():
            limit = getattr(field, "max_length", None)
            if limit and "max_length" not in field.error_messages:
                label = str(field.label or "This field")
                field.error_messages["max_length"] = length_message(label, limit)
        return super().full_clean()
