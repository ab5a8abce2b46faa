from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "safeguarding.actions"
    verbose_name = "Recommendations and actions"
