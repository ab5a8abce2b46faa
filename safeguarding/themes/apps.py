from django.apps import AppConfig


class ThemesConfig(AppConfig):
    name = "safeguarding.themes"
    verbose_name = "Themes"
