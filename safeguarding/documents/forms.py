from django import forms

from .models import DraftRecommendation
from .pipeline.errors import _size as describe_size

ACCEPT = (
    ".pdf,.docx,.html,.htm,.txt,application/pdf,text/html,text/plain,"
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)
CHOOSE = "Choose the review's report: a PDF, Word document (.docx), web page or text file"


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Report file",
        error_messages={
            "required": CHOOSE,
            "empty": "This file is empty: it has no text in it.",
            "invalid": CHOOSE,
            "missing": CHOOSE,
        },
    )

    def __init__(self, *args, max_bytes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            f"A PDF, Word document (.docx), web page or text file, up to {describe_size(max_bytes)}. "
            "Password-protected files and scans without a text layer cannot be read."
        )


class DraftForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = DraftRecommendation
        fields = ["number", "text"]
        labels = {"number": "Number", "text": "Recommendation"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["number"].error_messages["required"] = (
            "Enter the recommendation's number as it appears in the report"
        )
        self.fields["text"].error_messages["required"] = "Enter the recommendation"
        if self.instance.pk:
            self.initial["version"] = self.instance.version


class DecisionForm(forms.Form):
    """The version of the draft the person saw, carried by Confirm and Discard buttons."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class SuggestionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[("accept", "Accept"), ("reject", "Reject")],
        error_messages={
            "required": "Choose whether to accept or reject the theme",
            "invalid_choice": "Choose whether to accept or reject the theme",
        },
    )


NO_PRIMARY = ""
CHOICES_CHANGED = (
    "Some of the themes you chose were already decided or are not suggestions for this "
    "document. Nothing was changed: check the list and choose again."
)


class ThemeDecisionsForm(forms.Form):
    """Accept or reject several of a document's suggested themes in one submit."""

    suggestions = forms.MultipleChoiceField(
        label="Choose the themes to accept or reject",
        error_messages={
            "required": "Select at least one theme to accept or reject",
            "invalid_choice": CHOICES_CHANGED,
            "invalid_list": CHOICES_CHANGED,
        },
    )
    primary = forms.ChoiceField(
        label="Make one of the accepted themes the review's primary theme",
        required=False,
        error_messages={"invalid_choice": CHOICES_CHANGED},
    )
    decision = forms.ChoiceField(
        choices=[("accept", "Accept selected themes"), ("reject", "Reject selected themes")],
        error_messages={
            "required": "Choose whether to accept or reject the selected themes",
            "invalid_choice": "Choose whether to accept or reject the selected themes",
        },
    )

    def __init__(self, *args, pending, **kwargs):
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
        self.pending = pending
        choices = [(str(s.pk), s.theme.label) for s in pending]
        self.fields["suggestions"].choices = choices
        self.fields["primary"].choices = [(NO_PRIMARY, "None of them")] + choices

    def clean(self):
        data = super().clean()
        chosen = data.get("suggestions") or []
        primary = data.get("primary") or NO_PRIMARY
        if data.get("decision") != "accept":
            data["primary"] = NO_PRIMARY
        elif primary != NO_PRIMARY and chosen and primary not in chosen:
            self.add_error(
                "primary",
                "The primary theme must be one of the themes you selected to accept",
            )
        return data

    @property
    def primary_id(self):
        value = self.cleaned_data.get("primary") or NO_PRIMARY
        return int(value) if value != NO_PRIMARY else None
