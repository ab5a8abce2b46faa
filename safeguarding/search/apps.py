from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "safeguarding.search"
    verbose_name = "Search"
