"""Forms for a partnership's own clock targets."""

import re

from django import forms

from safeguarding.reviews.types import REVIEW_TYPES

from .clocks import DATE_FIELDS, DEFAULT_TARGETS
from .models import ClockTarget
from .services import date_label

#: The most days or months a target may be; more would run past the calendar's dates.
MAX_AMOUNT = 999

_MILESTONE = re.compile(r"^[a-z0-9_]+$")


def review_type_choices():
    return [("", "Choose a type of review")] + [
        (code, label) for code, label in REVIEW_TYPES.items() if code in DEFAULT_TARGETS
    ]


def date_choices():
    return [("", "Choose a date")] + [(name, date_label(name)) for name in DATE_FIELDS]


class PartnershipFilterForm(forms.Form):
    q = forms.CharField(label="Partnership name", required=False, max_length=100)


class ClockTargetForm(forms.ModelForm):
    review_type = forms.ChoiceField(label="Type of review", choices=review_type_choices)
    milestone = forms.CharField(
        label="Milestone code",
        max_length=40,
        help_text=(
            "Lowercase letters, numbers and underscores, for example decision. "
            "Use the code of a local default to replace it, or a new code to add a milestone"
        ),
    )
    label = forms.CharField(
        label="What must be done",
        max_length=200,
        help_text="For example, Decide whether to hold a review",
    )
    start_field = forms.ChoiceField(label="The clock starts from", choices=date_choices)
    met_field = forms.ChoiceField(label="The target is met by", choices=date_choices)
    amount = forms.IntegerField(
        label="Number of days or months",
        min_value=1,
        max_value=MAX_AMOUNT,
        help_text="For example, 20",
    )
    unit = forms.ChoiceField(
        label="Days or months",
        choices=ClockTarget.Unit.choices,
        widget=forms.RadioSelect,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ClockTarget
        fields = ["review_type", "milestone", "label", "start_field", "met_field", "amount", "unit"]

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.instance.partnership = partnership
        messages = {
            "review_type": {"required": "Choose the type of review"},
            "milestone": {
                "required": "Enter a milestone code, for example decision",
                "max_length": "The milestone code must be 40 characters or fewer",
            },
            "label": {
                "required": "Enter what must be done, for example Decide whether to hold a review",
                "max_length": "What must be done must be 200 characters or fewer",
            },
            "start_field": {
                "required": "Choose the date the clock starts from",
                "invalid_choice": "Choose the date the clock starts from",
            },
            "met_field": {
                "required": "Choose the date that meets the target",
                "invalid_choice": "Choose the date that meets the target",
            },
            "amount": {
                "required": "Enter the number of days or months",
                "invalid": "The number of days or months must be a whole number, like 20",
                "min_value": "The number of days or months must be 1 or more",
                "max_value": f"The number of days or months must be {MAX_AMOUNT} or fewer",
            },
            "unit": {
                "required": "Choose working days, calendar days or months",
                "invalid_choice": "Choose working days, calendar days or months",
            },
        }
        messages["review_type"]["invalid_choice"] = messages["review_type"]["required"]
        for name, field_messages in messages.items():
            self.fields[name].error_messages.update(field_messages)
        if self.instance.pk:
            self.initial["version"] = self.instance.version

    def clean_milestone(self):
        value = self.cleaned_data["milestone"].strip().lower().replace("-", "_").replace(" ", "_")
        if not _MILESTONE.match(value):
            raise forms.ValidationError(
                "The milestone code must only include letters, numbers and underscores",
                code="invalid",
            )
        return value

    def clean(self):
        cleaned = super().clean()
        review_type, milestone = cleaned.get("review_type"), cleaned.get("milestone")
        if review_type and milestone:
            national = {
                target.milestone: target
                for target in DEFAULT_TARGETS.get(review_type, ())
                if target.set_nationally
            }
            if milestone in national:
                self.add_error(
                    "milestone",
                    f"The {milestone} target ({national[milestone].label.lower()}) is set "
                    "nationally for this type of review and cannot be changed locally. "
                    "Enter a different milestone code",
                )
            elif (
                ClockTarget.objects.filter(
                    partnership=self.partnership, review_type=review_type, milestone=milestone
                )
                .exclude(pk=self.instance.pk)
                .exists()
            ):
                self.add_error(
                    "milestone",
                    "This partnership already has a local target for this milestone: "
                    "change that one instead",
                )
        start, met = cleaned.get("start_field"), cleaned.get("met_field")
        if start and met and start == met:
            self.add_error(
                "met_field", "Choose a different date from the one the clock starts from"
            )
        return cleaned

    def service_data(self):
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}
