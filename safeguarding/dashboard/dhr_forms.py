"""Filters of the DHR view: figure, breakdown, years and (national only) region."""

from django import forms

from safeguarding.accounts.scope import scope_for

from .dhr_page import BREAKDOWNS, FIGURES


class DhrFilterForm(forms.Form):
    figure = forms.ChoiceField(label="Figure", required=False, choices=list(FIGURES.items()))
    by = forms.ChoiceField(label="Break down", required=False, choices=list(BREAKDOWNS.items()))
    year_from = forms.IntegerField(
        label="From year", required=False, min_value=1990, max_value=2100
    )
    year_to = forms.IntegerField(label="To year", required=False, min_value=1990, max_value=2100)
    region = forms.ChoiceField(label="NHS England region", required=False)

    def __init__(self, data, *, user, regions):
        super().__init__(data)
        self.national = scope_for(user).level == "national"
        self.fields["region"].choices = [("", "All regions"), *regions]
        for name in ("year_from", "year_to"):
            self.fields[name].widget.attrs["inputmode"] = "numeric"
            self.fields[name].error_messages.update(
                invalid="Enter a year as 4 digits, for example 2019",
                min_value="Enter a year from 1990",
                max_value="Enter a year before 2100",
            )

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("year_from"), cleaned.get("year_to")
        if first and last and first > last:
            self.add_error("year_to", "The last year must be the same as or after the first")
        return cleaned

    def values(self):
        """The valid filters, dropping any field with an error."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        ok = {k: v for k, v in data.items() if k not in self.errors}
        return {
            "key": ok.get("figure") or "relationship",
            "by": ok.get("by") or "region",
            "year_from": ok.get("year_from"),
            "year_to": ok.get("year_to"),
            "region": (ok.get("region") or None) if self.national else None,
        }
