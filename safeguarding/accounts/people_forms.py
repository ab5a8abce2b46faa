"""Forms for administrators managing people. Choices come from the administrator's scope;
``people`` (the services) has the last word on every rule."""

from django import forms

from . import people
from .models import User

ROLE_HINTS = {
    User.Role.DATA_INPUT: "Read and record reviews, recommendations and actions; import; export",
    User.Role.REPORTING: "Read and export",
    User.Role.OVERSIGHT: "Read and export",
    User.Role.ADMIN: "Everything, manage people and read the audit log",
}
SCOPE_HINTS = {
    User.ScopeLevel.ORGANISATION: "Reviews of their organisation and the partnerships it belongs to",
    User.ScopeLevel.REGION: "All reviews in one region",
    User.ScopeLevel.NATIONAL: "All reviews",
}


class PeopleFilterForm(forms.Form):
    q = forms.CharField(label="Name or username", required=False, max_length=100)
    role = forms.ChoiceField(
        label="Role", required=False, choices=[("", "Any role"), *User.Role.choices]
    )


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        kind = obj.get_partnership_type_display() if obj.is_partnership else obj.get_kind_display()
        return f"{obj.name} ({kind})"


class PersonForm(forms.Form):
    """What an administrator sets about a person; the choices are limited to their scope."""

    first_name = forms.CharField(label="First name", max_length=150)
    last_name = forms.CharField(label="Last name", max_length=150)
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="A work address, like name@nhs.net",
    )
    role = forms.ChoiceField(label="Role", choices=User.Role.choices, widget=forms.RadioSelect)
    scope_level = forms.ChoiceField(
        label="Which reviews they can see", choices=(), widget=forms.RadioSelect
    )
    organisation = OrganisationChoiceField(
        label="Organisation",
        queryset=None,
        required=False,
        empty_label="Choose an organisation",
        help_text="Needed for an organisation scope",
    )
    region = forms.ModelChoiceField(
        label="Region",
        queryset=None,
        required=False,
        empty_label="Choose a region",
        help_text="Needed for a regional scope",
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        levels = people.scope_levels_for(actor)
        self.fields["scope_level"].choices = [
            (value, label) for value, label in User.ScopeLevel.choices if value in levels
        ]
        self.fields["organisation"].queryset = people.organisations_for(actor).order_by(
            "name", "kind", "partnership_type"
        )
        self.fields["region"].queryset = people.regions_for(actor).order_by("name")
        messages = {
            "username": {
                "required": "Enter a username",
                "max_length": "The username must be 150 characters or fewer",
            },
            "first_name": {
                "required": "Enter the person's first name",
                "max_length": "The first name must be 150 characters or fewer",
            },
            "last_name": {
                "required": "Enter the person's last name",
                "max_length": "The last name must be 150 characters or fewer",
            },
            "email": {
                "required": "Enter an email address",
                "invalid": "Enter an email address in the correct format, like name@nhs.net",
                "max_length": "The email address must be 254 characters or fewer",
            },
            "role": {"required": "Choose a role", "invalid_choice": "Choose a role"},
            "scope_level": {
                "required": "Choose which reviews they can see",
                "invalid_choice": people.MESSAGES["scope_too_wide"],
            },
            "organisation": {"invalid_choice": people.MESSAGES["organisation_out_of_scope"]},
            "region": {"invalid_choice": people.MESSAGES["region_out_of_scope"]},
        }
        for name, field_messages in messages.items():
            if name in self.fields:
                self.fields[name].error_messages.update(field_messages)

    @property
    def offers_regions(self):
        """Organisation administrators give no regional scope, so see no region field."""
        return self.fields["region"].queryset.exists()

    def role_items(self):
        return self._radio_items("role", ROLE_HINTS)

    def scope_items(self):
        return self._radio_items("scope_level", SCOPE_HINTS)

    def _radio_items(self, name, hints):
        value = self[name].value()
        return [
            {
                "value": choice,
                "text": str(label),
                "hint": {"text": hints[choice]},
                "checked": str(value) == choice,
            }
            for choice, label in self.fields[name].choices
        ]

    def clean(self):
        cleaned = super().clean()
        level = cleaned.get("scope_level")
        if level == User.ScopeLevel.ORGANISATION and not cleaned.get("organisation"):
            if "organisation" not in self.errors:
                self.add_error("organisation", people.MESSAGES["organisation_required"])
        if level == User.ScopeLevel.REGION and not cleaned.get("region"):
            if "region" not in self.errors:
                self.add_error("region", people.MESSAGES["region_required"])
        return cleaned

    def service_data(self):
        return {name: self.cleaned_data.get(name) for name in self.fields if name != "version"}


class AddPersonForm(PersonForm):
    username = forms.CharField(
        label="Username",
        max_length=150,
        help_text="What they will sign in with. Letters, numbers and @ . + - _ only",
    )
    field_order = ["username", "first_name", "last_name", "email"]

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if people.username_taken(username):
            raise forms.ValidationError(people.MESSAGES["username_taken"])
        return username


class EditPersonForm(PersonForm):
    is_active = forms.BooleanField(
        label="Can sign in",
        required=False,
        help_text="Untick to deactivate this person: they can no longer sign in",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, person, **kwargs):
        initial = {name: getattr(person, name) for name in people.CHANGE_FIELDS}
        initial["organisation"] = person.organisation_id
        initial["region"] = person.region_id
        initial["version"] = person.version
        super().__init__(*args, initial=initial, **kwargs)
        self.person = person
        # People added before names and email were asked for may have none: a change of
        # role or a deactivation must not wait for them.
        for name in ("first_name", "last_name", "email"):
            self.fields[name].required = False
