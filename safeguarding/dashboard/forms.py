"""The dashboard's filters: period, review type, area and theme. Bad values get a message
on the field and the page falls back to the default for that filter; nothing fails."""

from django import forms

from safeguarding.reviews import quality
from safeguarding.reviews.types import REVIEW_TYPES, STAGES

from . import figures, services


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
        self.user = user
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
        chosen = figures.Filters(
            quarter_from=first,
            quarter_to=last,
            review_type=data.get("type") or "" if "type" not in errors else "",
            area=area,
            theme=data.get("theme") if "theme" not in errors else None,
        )
        if services.suppress_for(self.user):
            # Above the owning organisation periods are whole calendar years, so that two
            # periods cannot be subtracted to give a suppressed count.
            return services.year_blocks(chosen)
        return chosen


# --- the cell behind a figure ----------------------------------------------------------------

MAX_ID = 10**18 - 1  # as the path converter: a longer number is no record


def _noun(label):
    return label if label.isupper() else label.lower()


def _id_field(label):
    message = f"The {_noun(label)} in the link must be a record number"
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=1,
        max_value=MAX_ID,
        error_messages={key: message for key in ("invalid", "min_value", "max_value")},
    )


class _AreaField(forms.IntegerField):
    """A record number, or ``figures.NO_AREA`` ("none"): the records with no area of this
    kind (outside NHS England's regions, or no ICB recorded), as the row of them links."""

    def to_python(self, value):
        if isinstance(value, str) and value.strip().lower() == figures.NO_AREA:
            return figures.NO_AREA
        return super().to_python(value)

    def validate(self, value):
        if value != figures.NO_AREA:
            super().validate(value)

    def run_validators(self, value):
        if value != figures.NO_AREA:
            super().run_validators(value)


def _area_field(label):
    message = f"The {_noun(label)} in the link must be a record number"
    return _AreaField(
        label=label,
        required=False,
        min_value=1,
        max_value=MAX_ID,
        error_messages={key: message for key in ("invalid", "min_value", "max_value")},
    )


def _choice_field(label, choices, noun=None):
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=[("", "Any"), *choices],
        error_messages={
            "invalid_choice": f"The {noun or _noun(label)} in the link is not one we use"
        },
    )


class _CellForm(forms.Form):
    """The cell of a figure whose records are listed, as its link carries it. A value no link
    carries gets a message (and no records), never a server error; a parameter that does not
    apply to these records is ignored."""

    region = _area_field("Region")
    icb = _area_field("ICB")
    partnership = _area_field("Partnership")
    review_type = _choice_field("Type of review", REVIEW_TYPES.items())
    quarter = forms.IntegerField(
        label="Quarter",
        required=False,
        min_value=19001,
        max_value=29994,
        error_messages={
            key: "The quarter in the link must be a year and quarter, for example 20243"
            for key in ("invalid", "min_value", "max_value")
        },
    )
    year = forms.IntegerField(
        label="Year",
        required=False,
        min_value=1900,
        max_value=2999,
        error_messages={
            key: "The year in the link must be 4 digits, for example 2024"
            for key in ("invalid", "min_value", "max_value")
        },
    )

    def clean_quarter(self):
        quarter = self.cleaned_data.get("quarter")
        if quarter is not None and not 1 <= quarter % 10 <= 4:
            raise forms.ValidationError(self.fields["quarter"].error_messages["invalid"])
        return quarter

    def cell(self):
        """The cell's valid, non-empty parameters (empty when any is not valid)."""
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


class ReviewCellForm(_CellForm):
    stage = _choice_field(
        "Stage", [("not_started", "Not started"), *((k, s.label) for k, s in STAGES.items())]
    )
    slippage = _choice_field("Clock", figures.SLIPPAGE)
    converted = _choice_field(
        "Converted", [("converted", "Converted"), ("not", "Not converted")], noun="conversion"
    )
    missing = _choice_field(
        "Missing", [(c.code, c.label) for c in quality.CHECKS], noun="missing item"
    )


class ActionCellForm(_CellForm):
    status = _choice_field("Status", figures.ACTION_STATUSES)
    owner = _id_field("Owning organisation")
    overdue = _choice_field("Overdue", [("1", "Overdue")], noun="overdue filter")
