from django.conf import settings
from django.db import models


class Theme(models.Model):
    """A theme of the taxonomy. Seeded from ``taxonomy.DEFAULT_THEMES``."""

    code = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=120)
    group = models.CharField(max_length=20)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["group", "label"]

    def __str__(self):
        return self.label


class ThemeFeedback(models.Model):
    """A person's decision on a theme suggestion: the passage (evidence) text, the code, and
    whether it was accepted. The deployment's engine learns from these (services.py)."""

    code = models.SlugField(max_length=40)
    text = models.TextField()
    accepted = models.BooleanField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.code} {'accepted' if self.accepted else 'rejected'}"
