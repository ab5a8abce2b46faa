from django import forms

from safeguarding.fields import DateField
from safeguarding.reviews import types

from . import services
from .models import Passage

MODES = [("keyword", "Words"), ("meaning", "Meaning")]


class SearchForm(forms.Form):
    q = forms.CharField(label="Search for", max_length=300, required=False, strip=True)
    mode = forms.ChoiceField(label="Match", choices=MODES, required=False)
    source_type = forms.ChoiceField(
        label="Search in",
        required=False,
        choices=[
            ("", "Reviews, recommendations and reports"),
            (Passage.Source.REVIEW, "Review records"),
            (Passage.Source.RECOMMENDATION, "Recommendations"),
            (Passage.Source.DOCUMENT, "Uploaded reports"),
        ],
    )
    review_type = forms.ChoiceField(
        label="Type of review",
        required=False,
        choices=[("", "All types"), *types.REVIEW_TYPES.items()],
    )
    region = forms.ModelChoiceField(
        label="Region", queryset=None, required=False, empty_label="All regions"
    )
    icb = forms.ModelChoiceField(label="ICB", queryset=None, required=False, empty_label="All ICBs")
    theme = forms.ModelChoiceField(
        label="Theme", queryset=None, required=False, to_field_name="code", empty_label="All themes"
    )
    date_from = DateField(label="Reviews from", required=False)
    date_to = DateField(label="Reviews to", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = services.regions_for(user)
        self.fields["icb"].queryset = services.icbs_for(user)
        self.fields["theme"].queryset = services.themes()
        self.fields["theme"].label_from_instance = lambda theme: theme.label

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error(
                "date_from", "The 'from' date must be the same as or before the 'to' date"
            )
        return cleaned

    def filters(self):
        data = self.cleaned_data
        return {
            "mode": data.get("mode") or "keyword",
            "source_type": data.get("source_type") or "",
            "review_type": data.get("review_type") or "",
            "region": data.get("region"),
            "icb": data.get("icb"),
            "theme": data.get("theme"),
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
        }

    def mode_items(self):
        current = self["mode"].value() or "keyword"
        hints = {
            "keyword": "Passages that contain all your words",
            "meaning": "Passages that mean something close, even in other words",
        }
        return [
            {"value": v, "text": label, "hint": {"text": hints[v]}, "checked": v == current}
            for v, label in MODES
        ]
