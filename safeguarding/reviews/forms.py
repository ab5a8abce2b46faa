from django import forms
from django.utils import timezone

from safeguarding.fields import DateField, NHSFormMixin
from safeguarding.themes.models import Theme
from safeguarding.themes.taxonomy import MAX_PRIMARY_THEMES

from . import dates as partial_dates
from . import services, types
from .models import Dissemination, Review

DATE_FIELD_NAMES = types.ALL_DATE_FIELDS
PARTIAL_DATE_HINT = (
    "For example, 15 3 2024. If you know only the month or the year, leave the rest blank"
)


class PartialDateField(DateField):
    """A review date: day, month and year, or month and year, or the year alone.

    Cleans to the first day the date could be; ``precision`` tells how well it is known
    from the boxes as entered.
    """

    @staticmethod
    def precision(parts):
        """'day', 'month' or 'year' for the (day, month, year) boxes as entered."""
        if not isinstance(parts, (list, tuple)) or len(parts) != 3:
            return partial_dates.DAY
        day, month, year = (str(part or "").strip() for part in parts)
        if year and not day:
            return partial_dates.MONTH if month else partial_dates.YEAR
        return partial_dates.DAY

    def to_python(self, value):
        if isinstance(value, (list, tuple)) and len(value) == 3 and any(value):
            day, month, year = (str(part or "").strip() for part in value)
            if not year:
                label = str(self.label or "Date").lower()
                raise forms.ValidationError(f"The {label} must include a year", code="incomplete")
            precision = self.precision(value)
            if precision == partial_dates.MONTH:
                value = ("1", month, year)
            elif precision == partial_dates.YEAR:
                value = ("1", "1", year)
        return super().to_python(value)

    def has_changed(self, initial, data):
        try:
            return self.to_python(data) != self.to_python(initial) or self.precision(
                data
            ) != self.precision(initial)
        except forms.ValidationError:
            return True


def initial_date(review, name):
    """The form's starting value for a review's date: a date, or (day, month, year)
    boxes with the day (and month) left empty for a date known only to the month (year)."""
    value = getattr(review, name)
    precision = review.precision(name)
    if value is None or precision == partial_dates.DAY:
        return value
    if precision == partial_dates.MONTH:
        return ("", str(value.month), str(value.year))
    return ("", "", str(value.year))


class ThemeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class ThemeSelects(forms.SelectMultiple):
    """Several single selects of one name (``primary_themes``), each may be left empty."""

    def value_from_datadict(self, data, files, name):
        values = super().value_from_datadict(data, files, name)
        return [value for value in values or [] if str(value).strip()]


class ReviewForm(NHSFormMixin, forms.ModelForm):
    primary_themes = ThemeChoiceField(
        queryset=Theme.objects.none(),
        to_field_name="code",
        required=False,
        label="Primary themes",
        help_text=f"Up to {MAX_PRIMARY_THEMES}: the main things the review is about",
        widget=ThemeSelects,
    )
    other_themes = ThemeChoiceField(
        queryset=Theme.objects.none(),
        to_field_name="code",
        required=False,
        label="Other themes",
        help_text="Any other theme the review found",
    )
    publication_url = forms.URLField(
        label="Publication link", required=False, max_length=500, assume_scheme="https"
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Review
        fields = [f for f in services.EDITABLE_FIELDS]
        labels = {"title": "Short anonymised name"}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        for name in DATE_FIELD_NAMES:
            model_field = Review._meta.get_field(name)
            self.fields[name] = PartialDateField(
                label=str(model_field.verbose_name).capitalize(),
                required=False,
                help_text=model_field.help_text or PARTIAL_DATE_HINT,
            )
            if self.instance.pk:
                self.initial[name] = initial_date(self.instance, name)
        self.fields["partnership"].queryset = services.partnerships_for(user)
        self.fields["partnership"].empty_label = "Choose a partnership"
        self.fields["icb"].queryset = services.icbs_for(user)
        self.fields["icb"].empty_label = "The partnership's ICB"
        self.fields["icb"].required = False
        converted = services.convertible_reviews(user)
        if self.instance.pk:
            converted = converted.exclude(pk=self.instance.pk)
        self.fields["converted_from"].queryset = converted
        self.fields["converted_from"].empty_label = "Not converted from a rapid review"
        themes = services.all_themes()
        self.fields["primary_themes"].queryset = themes
        self.fields["other_themes"].queryset = themes
        if self.instance.pk:
            self.initial["primary_themes"] = [t.code for t in self.instance.primary_themes]
            self.initial["other_themes"] = [t.code for t in self.instance.secondary_themes]
            self.initial["version"] = self.instance.version
        for name in ("referral_source", "method", "inquest", "criminal_proceedings"):
            self.fields[name].choices = [("", "Not recorded")] + [
                choice for choice in self.fields[name].choices if choice[0] != ""
            ]
        self.fields["review_type"].choices = [("", "Choose a type")] + list(
            types.REVIEW_TYPES.items()
        )
        messages = {
            "title": "Enter a short anonymised name, for example Child T",
            "review_type": "Choose the type of review",
            "partnership": "Choose the safeguarding partnership",
        }
        for name, message in messages.items():
            self.fields[name].error_messages["required"] = message
        self.fields["publication_url"].error_messages["invalid"] = (
            "Enter the publication link as a full web address starting https://"
        )

    def clean(self):
        cleaned = super().clean()
        precision = self.date_precision()
        today = timezone.localdate()
        for name in DATE_FIELD_NAMES:
            message = partial_dates.implausible(
                cleaned.get(name),
                str(self.fields[name].label),
                precision.get(name),
                # the dates of DATE_LABELS are refused in the future below
                today=None if name in types.DATE_LABELS else today,
            )
            if message and name not in self.errors:
                self.add_error(name, message)
        dates = {name: cleaned.get(name) for name in types.DATE_LABELS}
        for name, message in types.date_order_errors(
            dates, today=timezone.localdate(), precision=precision
        ).items():
            if name not in self.errors:
                self.add_error(name, message)
        start = partial_dates.span(cleaned.get("scope_start"), precision.get("scope_start"))[0]
        end = partial_dates.span(cleaned.get("scope_end"), precision.get("scope_end"))[1]
        if start and end and end < start and "scope_end" not in self.errors:
            self.add_error("scope_end", "The end of the scope period must be after its start")
        primary = list(cleaned.get("primary_themes") or [])
        other = list(cleaned.get("other_themes") or [])
        if len(primary) > MAX_PRIMARY_THEMES:
            self.add_error(
                "primary_themes",
                f"Choose no more than {MAX_PRIMARY_THEMES} primary themes; "
                "put the rest under other themes",
            )
        both = [t for t in other if t.code in {p.code for p in primary}]
        if both and "other_themes" not in self.errors:
            names = " and ".join(t.label for t in both)
            self.add_error(
                "other_themes",
                f"{names} {'is a primary theme' if len(both) == 1 else 'are primary themes'}"
                f": untick {'it' if len(both) == 1 else 'them'} under other themes, "
                "or choose another primary theme",
            )
        converted, review_type = cleaned.get("converted_from"), cleaned.get("review_type")
        if (
            converted
            and review_type
            and review_type not in types.CONVERTS_TO.get(converted.review_type, ())
        ):
            self.add_error(
                "converted_from",
                f"A {converted.get_review_type_display().lower()} can only become one of: "
                + ", ".join(
                    types.REVIEW_TYPES[t].lower() for t in types.CONVERTS_TO[converted.review_type]
                ),
            )
        status = cleaned.get("publication_status")
        if status == Review.PublicationStatus.PUBLISHED and not cleaned.get("published_date"):
            self.add_error(
                "published_date", "Enter the date published, or change the publication status"
            )
        return cleaned

    def primary_theme_selects(self):
        """Params for the select macro: one select per primary theme the review may have,
        all named ``primary_themes``, the first carrying the field's id and error."""
        field = self["primary_themes"]
        chosen = [str(value) for value in (field.value() or []) if str(value)]
        choices = [(str(value), str(label)) for value, label in field.field.choices]
        selects = []
        for index in range(max(MAX_PRIMARY_THEMES, len(chosen))):
            current = chosen[index] if index < len(chosen) else ""
            selects.append(
                {
                    "id": field.auto_id if index == 0 else f"{field.auto_id}-{index + 1}",
                    "name": field.html_name,
                    "label": {"text": f"Primary theme {index + 1}"},
                    "items": [{"value": "", "text": "None", "selected": not current}]
                    + [
                        {"value": value, "text": label, "selected": value == current}
                        for value, label in choices
                    ],
                }
            )
        return selects

    def other_theme_groups(self):
        """[(group, checkbox items)] for the other themes, in the taxonomy's groups."""
        field = self["other_themes"]
        chosen = {str(value) for value in (field.value() or [])}
        groups = {}
        for theme in field.field.queryset:
            groups.setdefault(theme.group, []).append(
                {"value": theme.code, "text": theme.label, "checked": theme.code in chosen}
            )
        return list(groups.items())

    def date_precision(self):
        """{date field: 'month' | 'year'} for the dates entered without a day."""
        precision = {}
        for name in DATE_FIELD_NAMES:
            if self.cleaned_data.get(name) is None:
                continue
            value = PartialDateField.precision(self[name].data)
            if value != partial_dates.DAY:
                precision[name] = value
        return precision

    def service_data(self):
        data = {name: self.cleaned_data.get(name) for name in services.EDITABLE_FIELDS}
        data["date_precision"] = self.date_precision()
        data["primary_themes"] = list(self.cleaned_data.get("primary_themes") or [])
        data["other_themes"] = list(self.cleaned_data.get("other_themes") or [])
        return data


class DisseminationForm(NHSFormMixin, forms.ModelForm):
    date = DateField(label="Date", required=True)

    class Meta:
        model = Dissemination
        fields = ["kind", "date", "audience", "notes"]
        labels = {"kind": "How was the learning shared", "audience": "Audience"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Choose one")] + list(Dissemination.Kind.choices)
        self.fields["kind"].error_messages["required"] = "Choose how the learning was shared"
        self.fields["audience"].error_messages["required"] = (
            "Enter who the learning was shared with, for example GP practices in the area"
        )

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value and value > timezone.localdate():
            raise forms.ValidationError("The date must be today or in the past")
        message = partial_dates.implausible(value, str(self.fields["date"].label))
        if message:
            raise forms.ValidationError(message)
        return value


class ReviewFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=200)
    review_type = forms.ChoiceField(
        label="Type", required=False, choices=[("", "All types")] + list(types.REVIEW_TYPES.items())
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Open and closed"), ("open", "Open"), ("closed", "Closed")],
    )
