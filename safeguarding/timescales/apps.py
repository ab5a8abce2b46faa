from django.apps import AppConfig


class TimescalesConfig(AppConfig):
    name = "safeguarding.timescales"
    verbose_name = "Timescales"
