"""Celery tasks for the dashboard. Inline when REDIS_URL is unset."""

from celery import shared_task


@shared_task(name="dashboard.refresh_figures")
def refresh_figures():
    """Rebuild every dashboard fact table (nightly, and after bulk loads)."""
    from . import services

    return services.refresh_figures()
