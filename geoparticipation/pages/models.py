import datetime

from django.db import models
from django.urls import reverse

from .rendering import render_markdown


class Page(models.Model):
    """A page of the site under /pages/<slug>/; its text is Markdown, rendered without any HTML of its own."""

    slug = models.SlugField(unique=True, editable=False)
    title = models.CharField("titre", max_length=200)
    body = models.TextField(
        "texte",
        help_text="En Markdown : « ## » pour un intertitre, « - » pour une liste, [texte](adresse) pour un lien. "
        "Le HTML saisi est affiché tel quel, jamais interprété.",
    )
    updated_at = models.DateTimeField("mise à jour le", auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name = "page"

    def __str__(self):
        return self.title

    @property
    def version(self) -> str:
        """The text's version: the moment of its last change, to the second, in UTC (what a consent records)."""
        return self.updated_at.astimezone(datetime.UTC).isoformat(timespec="seconds")

    def get_absolute_url(self):
        return reverse("pages:page", args=[self.slug])

    def html(self):
        return render_markdown(self.body)
