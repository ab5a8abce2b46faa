from django import forms

from safeguarding.fields import DateField

from .models import AuditEvent


class AuditFilterForm(forms.Form):
    username = forms.CharField(label="Username", required=False, max_length=150)
    action = forms.ChoiceField(
        label="Action",
        required=False,
        choices=[("", "Any action")] + list(AuditEvent.Action.choices),
    )
    object_type = forms.ChoiceField(
        label="Record type",
        required=False,
        choices=[
            ("", "Any record"),
            ("review", "Review"),
            ("recommendation", "Recommendation"),
            ("action", "Action"),
            ("document", "Document"),
            ("importbatch", "Import"),
            ("user", "Person"),
            ("search", "Search"),
            ("list", "List"),
            ("dashboard", "Dashboard"),
            ("audit", "Audit log"),
        ],
    )
    object_id = forms.CharField(label="Record number", required=False, max_length=50)
    date_from = DateField(label="From", required=False)
    date_to = DateField(label="To", required=False)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The end date must be the same as or after the start date")
        return cleaned
