"""Celery tasks for the audit log. Inline when REDIS_URL is unset."""

from celery import shared_task


@shared_task(name="audit.anchor")
def anchor():
    """Anchor the hash chain (hourly from Celery beat, see CELERY_BEAT_SCHEDULE)."""
    from . import services

    return services.write_anchor().pk
