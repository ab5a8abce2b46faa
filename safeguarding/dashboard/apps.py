from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "safeguarding.dashboard"
    verbose_name = "Dashboard"

    def ready(self):
        from . import signals

        signals.connect()
