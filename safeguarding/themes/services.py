from .models import Theme
from .taxonomy import DEFAULT_THEMES


def sync_default_themes(theme_model=Theme):
    """Create or update the default themes (idempotent)."""
    for theme in DEFAULT_THEMES:
        theme_model.objects.update_or_create(
            code=theme.code, defaults={"label": theme.label, "group": theme.group}
        )


def themes_by_code():
    return {theme.code: theme for theme in Theme.objects.all()}
