import uuid

from django.db import models
from django.db.models import Q
from django.urls import reverse

from .processing import CONTENT_TYPES, THUMBNAIL_SIZE


def random_name(instance, filename):
    """A name of its own in the folder of the model: what the person called the file never reaches the disk (the
    extension is that of the checked content, see processing.py)."""
    return f"{instance.FOLDER}/{uuid.uuid4().hex}.{filename.rsplit('.', 1)[-1]}"


class StoredFile(models.Model):
    """An image (re-encoded, with its thumbnail and alternative text) or a PDF document joined to some content."""

    class Kind(models.TextChoices):
        IMAGE = "image", "Image"
        DOCUMENT = "document", "Document PDF"

    FOLDER = "fichiers"
    #: the names of the views that serve the file and its thumbnail, after checking who may see them
    URL_NAMES = ("", "")

    kind = models.CharField("type", max_length=10, choices=Kind.choices)
    file = models.FileField("fichier", upload_to=random_name, max_length=200)
    thumbnail = models.FileField("vignette", upload_to=random_name, max_length=200, blank=True)
    alt_text = models.CharField(
        "texte alternatif",
        max_length=300,
        blank=True,
        help_text="Ce que montre l'image, pour les personnes qui ne la voient pas.",
    )
    original_name = models.CharField("nom d'origine", max_length=200)
    size = models.PositiveIntegerField("taille (octets)")
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    position = models.PositiveSmallIntegerField("ordre", default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="document") | ~Q(alt_text=""), name="%(app_label)s_%(class)s_image_has_alt_text"
            )
        ]

    def __str__(self):
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.kind == self.Kind.IMAGE

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.file.name.rsplit(".", 1)[-1]]

    @property
    def url(self) -> str:
        return reverse(self.URL_NAMES[0], args=[self.pk])

    @property
    def thumbnail_url(self) -> str:
        return reverse(self.URL_NAMES[1], args=[self.pk])

    @property
    def thumbnail_size(self) -> tuple[int, int]:
        """The thumbnail's width and height (processing.py made it fit THUMBNAIL_SIZE), so that the page does not
        move when it loads."""
        scale = min(1, THUMBNAIL_SIZE / max(self.width or 1, self.height or 1))
        return round((self.width or 0) * scale), round((self.height or 0) * scale)


class ProposalFile(StoredFile):
    FOLDER = "propositions"
    URL_NAMES = ("attachments:proposal_file", "attachments:proposal_thumbnail")

    proposal = models.ForeignKey(
        "participation.Proposal", on_delete=models.CASCADE, related_name="files", verbose_name="proposition"
    )

    class Meta(StoredFile.Meta):
        verbose_name = "fichier d'une proposition"
        verbose_name_plural = "fichiers des propositions"
        indexes = [models.Index(fields=["proposal", "position"], name="proposalfile_position_idx")]
