from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "safeguarding.search"
    verbose_name = "Search"

    def ready(self):
        # The search app listens for changed text; the apps that change it do not import
        # search (docs/decisions/0007-indexing-after-commit.md).
        from safeguarding import indexing

        from . import tasks

        indexing.text_changed.connect(tasks.queue, dispatch_uid="search-index-changed-records")
