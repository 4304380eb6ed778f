"""Debates: a question an officer puts to the public, and the arguments « Pour », « Contre » or « Nuance » that
participants post, reply to (one level) and support."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.gis.db import models
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db.models import Q
from django.urls import reverse

from geoparticipation.participation.models import Contribution, Moderated, PublishedQuerySet
from geoparticipation.search.text import vector

ARGUMENT_VECTOR = vector(("body", "B"))


class Debate(Contribution):
    """Opened, edited and closed by officers; the place is optional, its commune set by the database trigger of
    every contribution (geoparticipation/sql/post_watch.sql)."""

    class State(models.TextChoices):
        OPEN = "open", "Ouvert"
        CLOSED = "closed", "Clos"

    title = models.CharField("question", max_length=200)
    description = models.TextField("présentation", blank=True)
    geom = models.PointField("lieu (facultatif)", srid=settings.STORAGE_SRID, null=True, blank=True)
    state = models.CharField("état", max_length=6, choices=State.choices, default=State.OPEN)
    conclusion = models.TextField("conclusion de la métropole", blank=True)
    concluded_at = models.DateTimeField("conclu le", null=True, blank=True)
    # Published top-level arguments per stance, kept by database triggers (sql/post_10_counts.sql).
    arguments_for = models.PositiveIntegerField("arguments pour", default=0, db_default=0, editable=False)
    arguments_against = models.PositiveIntegerField("arguments contre", default=0, db_default=0, editable=False)
    arguments_nuance = models.PositiveIntegerField("nuances", default=0, db_default=0, editable=False)
    # Debates have arguments, not comments; the relations delete their follows and reports with them.
    comments = GenericRelation("participation.Comment")
    follows = GenericRelation("participation.Follow")
    reports = GenericRelation("participation.Report")

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = "débat"
        indexes = [
            models.Index(
                fields=["process", "published_at", "id"],
                condition=Q(published_at__isnull=False, hidden_at__isnull=True),
                name="debate_published_idx",
            )
        ]
        constraints = [
            models.CheckConstraint(condition=Q(state="open") | ~Q(conclusion=""), name="debate_closed_with_conclusion")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("debates:detail", kwargs={"slug": self.process.slug, "pk": self.pk})

    @property
    def is_closed(self) -> bool:
        return self.state == self.State.CLOSED


class Stance(models.TextChoices):
    FOR = "for", "Pour"
    AGAINST = "against", "Contre"
    NUANCE = "nuance", "Nuance"


class Argument(Moderated):
    """A participant's argument, or a reply to one (no stance, one level only). Its text is the author's: officers
    hide it (moderation), never edit it."""

    debate = models.ForeignKey(Debate, on_delete=models.CASCADE, related_name="arguments", verbose_name="débat")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies", verbose_name="en réponse à"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="arguments", verbose_name="auteur"
    )
    stance = models.CharField("position", max_length=7, choices=Stance.choices, blank=True)
    body = models.TextField("argument")
    geom = models.PointField("lieu (facultatif)", srid=settings.STORAGE_SRID, null=True, blank=True)
    commune = models.ForeignKey("territory.Commune", on_delete=models.PROTECT, null=True, editable=False)
    published_at = models.DateTimeField("publié le", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Kept by database triggers (sql/post_10_counts.sql).
    supports_count = models.PositiveIntegerField("soutiens", default=0, db_default=0, editable=False)
    # The words of the public text for the site search, stored as proposals' are (search/kinds.py): a national
    # debate may gather a million arguments.
    search_vector = models.GeneratedField(expression=ARGUMENT_VECTOR, output_field=SearchVectorField(), db_persist=True)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        verbose_name = "argument"
        indexes = [
            # One column of a debate's page, in either order, read a page at a time from here.
            models.Index(
                fields=["debate", "stance", "supports_count", "id"],
                condition=Q(parent__isnull=True, published_at__isnull=False),
                name="argument_by_support_idx",
            ),
            models.Index(
                fields=["debate", "stance", "published_at", "id"],
                condition=Q(parent__isnull=True, published_at__isnull=False),
                name="argument_by_date_idx",
            ),
            # A top's replies in order and, counted from a reply on, « Voir les N autres réponses »: id makes both
            # index-only scans (participation.selectors.with_replies).
            models.Index(fields=["parent", "published_at", "id"], name="argument_replies_idx"),
            # The placed arguments of a debate: its page's map and the layer's filter by debate
            # (layers/sql/post_60_debate_arguments.sql), however many unplaced arguments it has.
            models.Index(
                fields=["debate", "id"],
                condition=Q(parent__isnull=True, published_at__isnull=False, geom__isnull=False),
                name="argument_placed_idx",
            ),
            GinIndex(fields=["search_vector"], name="argument_search_idx"),
        ]
        constraints = [
            # An argument takes a stance; a reply takes none.
            models.CheckConstraint(
                condition=(Q(parent__isnull=True) & ~Q(stance="")) | (Q(parent__isnull=False) & Q(stance="")),
                name="argument_stance_unless_reply",
            )
        ]

    def __str__(self):
        return self.body[:60]

    @property
    def process(self):
        return self.debate.process

    @property
    def process_id(self):
        """The concertation, for the moderation journal (moderation.services.process_id_of)."""
        return self.debate.process_id

    def get_absolute_url(self):
        """Its permalink, which finds the page of its column where it stands (debates.views.argument_link)."""
        return reverse(
            "debates:argument", kwargs={"slug": self.debate.process.slug, "pk": self.debate_id, "argument": self.pk}
        )


class ArgumentSupport(models.Model):
    """Once per participant and argument, enforced by the database so that double clicks count once."""

    argument = models.ForeignKey(Argument, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="argument_supports"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "soutien à un argument"
        constraints = [models.UniqueConstraint(fields=["argument", "user"], name="argument_support_once_per_user")]
