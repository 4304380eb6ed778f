"""The officers' working material: internal tags and campaign flags. Nothing here is ever published."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce

from geoparticipation.participation.models import Annotation, Process, Proposal


class Tag(models.Model):
    """A theme (no parent) or a sub-theme (its parent is a theme) chosen by the officers to sort contributions."""

    name = models.CharField("nom", max_length=100)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children", verbose_name="thème parent"
    )
    proposals = models.ManyToManyField(Proposal, blank=True, related_name="analysis_tags", verbose_name="propositions")
    annotations = models.ManyToManyField(
        Annotation, blank=True, related_name="analysis_tags", verbose_name="annotations"
    )

    class Meta:
        # Each theme followed by its sub-themes, alphabetically.
        ordering = [Coalesce("parent__name", "name"), F("parent").asc(nulls_first=True), "name"]
        verbose_name = "étiquette d'analyse"
        verbose_name_plural = "étiquettes d'analyse"
        constraints = [
            models.UniqueConstraint(fields=["name"], condition=Q(parent__isnull=True), name="tag_theme_name_unique"),
            models.UniqueConstraint(fields=["parent", "name"], name="tag_subtheme_name_unique"),
        ]

    def __str__(self):
        return f"{self.parent.name} › {self.name}" if self.parent_id else self.name

    def clean(self):
        if not self.parent_id:
            return
        if self.parent_id == self.pk or self.parent.parent_id:
            raise ValidationError({"parent": "Le parent doit être un thème (les étiquettes ont deux niveaux)."})
        if self.pk and self.children.exists():
            raise ValidationError(
                {"parent": "Ce thème a des sous-thèmes : il ne peut pas devenir lui-même un sous-thème."}
            )


class CampaignFlag(models.Model):
    """A group of contributions that looks coordinated, with the rule and the numbers that raised it."""

    class Rule(models.TextChoices):
        BURST = "burst", "Comptes créés ensemble"
        DUPLICATES = "duplicates", "Textes quasi identiques"
        OUTSIDE = "outside", "Auteurs résidant hors de la métropole"

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="campaign_flags")
    rule = models.CharField("règle", max_length=10, choices=Rule.choices)
    # What identifies the group across recomputations, so that a review survives them.
    key = models.CharField(max_length=64)
    explanation = models.TextField("pourquoi")
    numbers = models.JSONField("chiffres", default=dict)
    computed_at = models.DateTimeField("calculé le")
    reviewed_at = models.DateTimeField("examiné le", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_note = models.TextField("note d'examen", blank=True)
    proposals = models.ManyToManyField(Proposal, blank=True, related_name="+")
    annotations = models.ManyToManyField(Annotation, blank=True, related_name="+")

    class Meta:
        ordering = ["reviewed_at", "-computed_at"]
        verbose_name = "signalement de campagne"
        verbose_name_plural = "signalements de campagne"
        constraints = [models.UniqueConstraint(fields=["process", "rule", "key"], name="campaign_flag_unique")]

    def __str__(self):
        return f"{self.get_rule_display()} — {self.process}"

    @property
    def size(self):
        return self.numbers.get("contributions", 0)


class Bilan(models.Model):
    """What the officers write and choose for a concertation's public report: its decisions and their motivations,
    the sections of figures to show and the map. The officers edit a draft; the public report follows the version
    last published."""

    class Section(models.TextChoices):
        FIGURES = "chiffres", "Chiffres clés"
        THEMES = "themes", "Les propositions par thème"
        DECISIONS = "decisions", "Les réponses et les décisions"

    process = models.OneToOneField(Process, on_delete=models.CASCADE, related_name="bilan", verbose_name="concertation")
    decisions = models.TextField("décisions", blank=True)
    motivations = models.TextField("motivations", blank=True)
    sections = ArrayField(
        models.CharField(max_length=20, choices=Section.choices), default=list, blank=True, verbose_name="chiffres"
    )
    show_map = models.BooleanField("carte de la participation", default=True)
    # What the public page and the PDF show: the draft above as it was at its last publication (empty when the bilan
    # is not published). Saving edits the draft only; publishing copies it here.
    published_decisions = models.TextField("décisions publiées", blank=True)
    published_motivations = models.TextField("motivations publiées", blank=True)
    published_sections = ArrayField(
        models.CharField(max_length=20, choices=Section.choices),
        default=list,
        blank=True,
        verbose_name="chiffres publiés",
    )
    published_show_map = models.BooleanField("carte de la participation publiée", default=True)
    published_at = models.DateTimeField("publié le", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "bilan écrit"
        verbose_name_plural = "bilans écrits"

    def __str__(self):
        return f"Bilan — {self.process}"

    @property
    def draft_differs(self):
        """Whether the draft was changed since the publication (False when the bilan is not published)."""
        return self.published_at is not None and any(
            getattr(self, name) != getattr(self, f"published_{name}") for name in BILAN_TEXTS
        )


#: the fields of a bilan the officers write, each with its published copy `published_<name>`
BILAN_TEXTS = ("decisions", "motivations", "sections", "show_map")
