"""Refresh a review's dashboard facts whenever it, its themes, its recommendations or its
actions are saved or deleted, or its partnership's clock targets change. Bulk loads that
bypass ``save()`` call ``services.refresh_figures()`` themselves."""

from django.db.models.signals import post_delete, post_save

from . import services


def _review(sender, instance, **kwargs):
    services.schedule_review(instance.pk)
    if getattr(instance, "converted_from_id", None):
        services.schedule_review(instance.converted_from_id)


def _review_child(sender, instance, **kwargs):
    services.schedule_review(instance.review_id)


def _action(sender, instance, **kwargs):
    from safeguarding.actions.models import Recommendation

    review_id = (
        Recommendation.objects.filter(pk=instance.recommendation_id)
        .values_list("review_id", flat=True)
        .first()
    )
    if review_id:
        services.schedule_review(review_id)


def _clock_target(sender, instance, **kwargs):
    from safeguarding.reviews.models import Review

    for pk in Review.objects.filter(partnership_id=instance.partnership_id).values_list(
        "pk", flat=True
    ):
        services.schedule_review(pk)


def connect():
    from safeguarding.actions.models import Action, Recommendation
    from safeguarding.reviews.models import Review, ReviewTheme
    from safeguarding.timescales.models import ClockTarget

    for signal in (post_save, post_delete):
        signal.connect(_review, sender=Review, dispatch_uid=f"dashboard-review-{signal}")
        for model in (ReviewTheme, Recommendation):
            signal.connect(
                _review_child, sender=model, dispatch_uid=f"dashboard-{model.__name__}-{signal}"
            )
        signal.connect(_action, sender=Action, dispatch_uid=f"dashboard-action-{signal}")
        signal.connect(_clock_target, sender=ClockTarget, dispatch_uid=f"dashboard-target-{signal}")
