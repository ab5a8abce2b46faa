"""The dashboard's filters: period, review type, area and theme. Bad values get a message
on the field and the page falls back to the default for that filter; nothing fails."""

from django import forms

from safeguarding.reviews.types import REVIEW_TYPES

from . import figures


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class FilterForm(forms.Form):
    from_ = forms.TypedChoiceField(label="From", coerce=int, required=False)
    to = forms.TypedChoiceField(label="To", coerce=int, required=False)
    type = forms.ChoiceField(label="Type of review", required=False)
    area = forms.ChoiceField(label="Area", required=False)
    theme = forms.TypedChoiceField(label="Theme", coerce=int, required=False)

    def __init__(self, data, *, user, today=None):
        self.default = figures.Filters.default(today)
        data = data.copy() if data is not None else {}
        if not data.get("from"):
            data["from"] = str(self.default.quarter_from)
        if not data.get("to"):
            data["to"] = str(self.default.quarter_to)
        super().__init__(data)
        quarters = figures.quarter_choices(today)
        self.fields["from_"].choices = [(q, label) for q, label in quarters]
        self.fields["to"].choices = [(q, label) for q, label in quarters]
        self.fields["type"].choices = [("", "All types"), *REVIEW_TYPES.items()]
        self.fields["area"].choices = [("", "Everywhere you can see"), *figures.area_choices(user)]
        self.fields["theme"].choices = [("", "All themes"), *figures.theme_choices()]
        for name in ("from_", "to", "theme"):
            self.fields[name].empty_value = None

    def add_prefix(self, field_name):
        return "from" if field_name == "from_" else field_name

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("from_"), cleaned.get("to")
        if first and last and first > last:
            self.add_error("to", "The end of the period must be the same as or after the start")
        return cleaned

    def filters(self):
        """The Filters to show: the valid fields, and the defaults for the rest."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        errors = self.errors
        first = data.get("from_") if "from_" not in errors else None
        last = data.get("to") if "to" not in errors else None
        first = first or self.default.quarter_from
        last = last or self.default.quarter_to
        if first > last:
            first, last = self.default.quarter_from, self.default.quarter_to
        area = None
        if data.get("area") and "area" not in errors:
            kind, _, pk = data["area"].partition("-")
            area = (kind, _int(pk))
        return figures.Filters(
            quarter_from=first,
            quarter_to=last,
            review_type=data.get("type") or "" if "type" not in errors else "",
            area=area,
            theme=data.get("theme") if "theme" not in errors else None,
        )
