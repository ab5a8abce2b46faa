from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "safeguarding.documents"
    verbose_name = "Documents"
