from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "safeguarding.organisations"
    verbose_name = "Organisations"
