from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from geoparticipation.attachments.models import StoredFile
from geoparticipation.pages.rendering import render_markdown
from geoparticipation.participation.models import Process
from geoparticipation.search.text import ARTICLE_VECTOR


class ArticleQuerySet(models.QuerySet):
    def shown(self):
        """Published, and dated now or before: a draft or an article dated tomorrow is on no page and in no feed."""
        return self.filter(published=True, published_at__lte=timezone.now())

    def public(self):
        """What anyone may read, and the Atom feed: not tied to a concertation, or to a public one."""
        return self.shown().filter(Q(process__isnull=True) | Q(process__in=Process.objects.public()))

    def visible_to(self, user):
        """The rule of the concertation they belong to (ProcessQuerySet.visible_to): a private concertation's news
        to its members and officers only."""
        return self.shown().filter(Q(process__isnull=True) | Q(process__in=Process.objects.visible_to(user)))


class Article(models.Model):
    title = models.CharField("titre", max_length=200)
    slug = models.SlugField("adresse", max_length=200, unique=True, help_text="La fin de l'adresse : /actualites/…/")
    summary = models.CharField(
        "chapô", max_length=300, blank=True, help_text="Une ou deux phrases, dans les listes et le flux Atom."
    )
    body = models.TextField(
        "texte",
        help_text="En Markdown : « ## » pour un intertitre, « - » pour une liste, [texte](adresse) pour un lien. "
        "Le HTML saisi est affiché tel quel, jamais interprété.",
    )
    process = models.ForeignKey(
        Process,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="articles",
        verbose_name="concertation",
        help_text="Facultatif : l'actualité paraît aussi sur la page de la concertation, et suit sa visibilité.",
    )
    published = models.BooleanField(
        "publiée", default=False, help_text="Décoché : un brouillon, qui ne paraît nulle part."
    )
    published_at = models.DateTimeField(
        "date de publication", default=timezone.now, help_text="Une date à venir : l'actualité paraît à cette date."
    )
    updated_at = models.DateTimeField("mise à jour le", auto_now=True)
    # The site search reads it from its index (search/kinds.py), as it reads the proposals'.
    search_vector = models.GeneratedField(expression=ARTICLE_VECTOR, output_field=SearchVectorField(), db_persist=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = "actualité"
        indexes = [
            # The lists, newest first, read from here: all the news, and a concertation's.
            models.Index(fields=["-published_at", "-id"], condition=Q(published=True), name="article_shown_idx"),
            models.Index(
                fields=["process", "-published_at", "-id"], condition=Q(published=True), name="article_process_idx"
            ),
            GinIndex(fields=["search_vector"], name="article_search_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("news:article", args=[self.slug])

    def html(self):
        return render_markdown(self.body)

    def lead_image(self):
        """The first image (the one the lists show), from the prefetched files."""
        return next((f for f in self.files.all() if f.is_image), None)

    def other_files(self):
        """The files under the text: every one but the lead image, shown above it."""
        lead = self.lead_image()
        return [f for f in self.files.all() if f != lead]


class ArticleFile(StoredFile):
    FOLDER = "actualites"
    URL_NAMES = ("news:file", "news:thumbnail")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="files", verbose_name="actualité")

    class Meta(StoredFile.Meta):
        verbose_name = "image ou document"
        verbose_name_plural = "images et documents"
        indexes = [models.Index(fields=["article", "position"], name="articlefile_position_idx")]
