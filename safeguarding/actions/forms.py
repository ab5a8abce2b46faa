from django import forms
from django.utils import timezone

from safeguarding.fields import DateField
from safeguarding.reviews.forms import ThemeChoiceField
from safeguarding.themes.models import Theme

from .models import Action, Recommendation


class RecommendationForm(forms.ModelForm):
    themes = ThemeChoiceField(
        queryset=Theme.objects.filter(active=True), to_field_name="code", required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Recommendation
        fields = ["number", "text", "themes"]
        labels = {"number": "Number", "text": "Recommendation"}

    def __init__(self, *args, review=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.review = review
        self.fields["number"].error_messages["required"] = (
            "Enter the recommendation's number as it appears in the report"
        )
        self.fields["text"].error_messages["required"] = "Enter the recommendation"
        if self.instance.pk:
            self.initial["version"] = self.instance.version
            self.initial["themes"] = [t.code for t in self.instance.themes.all()]

    def clean_number(self):
        """A number used once per review (trimmed, any case); the service checks again."""
        from .services import DuplicateNumber, check_number_free

        number = (self.cleaned_data.get("number") or "").strip()
        review_id = (
            self.instance.review_id if self.instance.pk else getattr(self.review, "pk", None)
        )
        if number and review_id:
            try:
                check_number_free(review_id, number, exclude_pk=self.instance.pk)
            except DuplicateNumber as error:
                raise forms.ValidationError(str(error)) from None
        return number


class ActionForm(forms.ModelForm):
    due_date = DateField(label="Due date", required=True)
    completed_date = DateField(
        label="Date completed", required=False, help_text="Leave blank to use today when completed"
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Action
        fields = [
            "description",
            "owner",
            "lead",
            "due_date",
            "status",
            "rag",
            "evidence_of_completion",
            "evidence_of_impact",
            "not_accepted_reason",
            "completed_date",
        ]
        labels = {"description": "Action", "rag": "RAG rating"}

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["owner"].empty_label = "Choose the owning organisation"
        self.fields["rag"].choices = [("", "Not rated")] + list(Action.Rag.choices)
        self.fields["status"].choices = list(Action.Status.choices)
        required = {
            "description": "Enter the action",
            "owner": "Choose the organisation that owns the action",
            "lead": "Enter the lead, for example Named nurse for safeguarding",
            "status": "Choose the status",
        }
        for name, message in required.items():
            self.fields[name].error_messages["required"] = message
        self.fields["owner"].error_messages["invalid_choice"] = (
            "Choose an organisation that is a member of the review's partnership"
        )
        if self.instance.pk:
            self.initial["version"] = self.instance.version
            self.initial["due_date"] = self.instance.due_date
            self.initial["completed_date"] = self.instance.completed_date

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        if status == Action.Status.CLOSED_WITH_EVIDENCE and not cleaned.get(
            "evidence_of_completion"
        ):
            self.add_error(
                "evidence_of_completion",
                "Enter the evidence of completion to close the action with evidence",
            )
        if status == Action.Status.NOT_ACCEPTED and not cleaned.get("not_accepted_reason"):
            self.add_error("not_accepted_reason", "Enter the reason the action was not accepted")
        completed = cleaned.get("completed_date")
        if completed and completed > timezone.localdate():
            self.add_error("completed_date", "The date completed must be today or in the past")
        if completed and status not in {
            Action.Status.COMPLETED,
            Action.Status.CLOSED_WITH_EVIDENCE,
        }:
            self.add_error(
                "completed_date",
                "Only a completed action has a date completed; change the status or clear the date",
            )
        return cleaned

    def service_data(self):
        data = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        return data
