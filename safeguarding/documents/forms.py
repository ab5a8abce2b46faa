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
