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
