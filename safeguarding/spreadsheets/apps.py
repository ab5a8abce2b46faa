from django.apps import AppConfig


class SpreadsheetsConfig(AppConfig):
    name = "safeguarding.spreadsheets"
    verbose_name = "Spreadsheets"
