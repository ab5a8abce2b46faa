"""The filters of the "My actions" worklist (a GET form). A bad value gets a message on its
field and that filter is left out; nothing fails. Choices of organisations and areas are
those that have actions in the person's scope, so another scope's record is not a choice."""

from django import forms

from safeguarding.accounts.scope import scope_for
from safeguarding.fields import DateField

from . import worklist
from .models import Action

DUE_WITHIN = [("", "Any time"), ("2", "The next 2 weeks"), ("4", "The next 4 weeks")]
PER_PAGE = [("25", "25"), ("50", "50")]


def _choice(label, choices, message, **extra):
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=choices,
        error_messages={"invalid_choice": message},
        **extra,
    )


def _organisations(queryset):
    return [(str(org.pk), org.name) for org in queryset]


class WorklistFilterForm(forms.Form):
    status = _choice(
        "Status",
        [("", "Open (not started, in progress or ongoing)"), ("any", "Any status")]
        + list(Action.Status.choices),
        "Choose a status from the list",
    )
    overdue = _choice("Overdue", [("1", "Overdue only")], "Overdue only can only be ticked")
    due_within = _choice("Due in", DUE_WITHIN, "Choose when the actions are due from the list")
    due_from = DateField(label="Due from", required=False)
    due_to = DateField(label="Due to", required=False)
    review = forms.CharField(
        label="Review",
        required=False,
        max_length=120,
        help_text="Its reference or name, for example Child T",
        error_messages={"max_length": "The review must be 120 characters or fewer"},
    )
    owner = _choice("Owning organisation", [], "Choose an owning organisation from the list")
    partnership = _choice("Partnership", [], "Choose a partnership from the list")
    region = _choice("Region", [], "Choose a region from the list")
    icb = _choice("ICB", [], "Choose an ICB from the list")
    per_page = _choice("Actions per page", PER_PAGE, "Choose 25 or 50 actions per page")

    def __init__(self, data, *, user):
        super().__init__(data)
        self.scope = scope_for(user)
        self.own_organisation = user.organisation if self.scope.level == "organisation" else None
        owners = _organisations(worklist.owners(user))
        if self.own_organisation is not None:
            own = str(self.own_organisation.pk)
            self.fields["owner"].choices = [
                ("", f"{self.own_organisation.name} (your organisation)"),
                ("any", "Any organisation"),
                *(choice for choice in owners if choice[0] != own),
            ]
        else:
            self.fields["owner"].choices = [("", "Any organisation"), *owners]
        self.fields["partnership"].choices = [
            ("", "All partnerships"),
            *_organisations(worklist.partnerships(user)),
        ]
        if self.scope.level == "national":
            self.fields["region"].choices = [
                ("", "All regions"),
                *((str(r.pk), r.name) for r in worklist.regions(user)),
            ]
        else:
            del self.fields["region"]
        if self.scope.level in ("national", "region"):
            self.fields["icb"].choices = [("", "All ICBs"), *_organisations(worklist.icbs(user))]
        else:
            del self.fields["icb"]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("due_from"), cleaned.get("due_to")
        if start and end and end < start:
            self.add_error("due_to", "The 'due to' date must be the same as or after 'due from'")
        if cleaned.get("overdue") and cleaned.get("due_within"):
            self.add_error("due_within", "Choose overdue only or a time they are due in, not both")
        return cleaned

    def filters(self):
        """The valid filters: a field with an error is left out."""
        self.is_valid()
        data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        return {
            "status": data.get("status") or "",
            "overdue": data.get("overdue") == "1",
            "due_within": int(data["due_within"]) if data.get("due_within") else None,
            "due_from": data.get("due_from"),
            "due_to": data.get("due_to"),
            "review": (data.get("review") or "").strip(),
            "owner": data.get("owner") or "",
            "partnership": data.get("partnership") or "",
            "region": data.get("region") or "",
            "icb": data.get("icb") or "",
        }

    def page_size(self):
        self.is_valid()
        value = self.cleaned_data.get("per_page") if "per_page" not in self.errors else None
        return int(value or 25)

    def overdue_params(self):
        """The one checkbox, for the NHS.UK checkboxes macro."""
        field = self["overdue"]
        return {
            "idPrefix": field.auto_id,
            "name": field.html_name,
            "fieldset": {"legend": {"text": "Overdue", "size": "s"}},
            "errorMessage": {"text": " ".join(field.errors)} if field.errors else None,
            "items": [{"value": "1", "text": "Overdue only", "checked": field.value() == "1"}],
        }
