from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "safeguarding.documents"
    verbose_name = "Documents"

    def ready(self):
        # Register the processing task in every process (web, command, worker): services
        # queue it by name and never import the task module.
        from . import tasks  # noqa: F401
