"""The demo's news articles and one proposal's photograph, their images drawn by Pillow at load (no binary in the
repository). Idempotent: articles are found by their slug, the photograph by the proposal having files."""

import datetime
import io

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from geoparticipation.attachments.models import ProposalFile
from geoparticipation.attachments.processing import check_image
from geoparticipation.attachments.services import with_files
from geoparticipation.news.models import Article, ArticleFile
from geoparticipation.participation.models import Process, Proposal

from .concertations import OPEN_CONCERTATION

ARTICLES = [
    {
        "slug": "lancement-plan-climat",
        "title": "Le plan climat est ouvert à vos propositions",
        "summary": "Jusqu'à la fin de la phase de propositions, placez vos idées sur la carte de la métropole.",
        "body": "La Métropole Européenne de Lille ouvre la concertation sur son **plan climat**.\n\n"
        "## Comment participer\n\n- placez un repère sur la carte ;\n- décrivez votre proposition ;\n"
        "- soutenez celles des autres.\n\nToutes les propositions reçoivent une réponse.",
        "process": OPEN_CONCERTATION,
        "days_ago": 2,
        "colour": (24, 117, 60),
        "alt": "Illustration : des arbres stylisés sur une carte verte de la métropole",
    },
    {
        "slug": "reunions-publiques-automne",
        "title": "Les réunions publiques de l'automne",
        "summary": "Des rencontres dans plusieurs communes pour présenter les projets et écouter les habitants.",
        "body": "Le calendrier des réunions publiques est en ligne, dans l'onglet « Réunions publiques » de chaque "
        "concertation.\n\nChaque réunion donne lieu à un compte rendu publié sur le site.",
        "process": None,
        "days_ago": 9,
        "colour": (0, 0, 145),
        "alt": "Illustration : une salle de réunion schématisée, des chaises face à un écran",
    },
    {
        "slug": "bilan-assises-mobilite",
        "title": "Assises de la mobilité : le bilan est publié",
        "summary": "Les propositions, leurs soutiens et les réponses de la métropole, commune par commune.",
        "body": "Le **bilan** des assises de la mobilité est consultable dans l'onglet « Bilan » de la concertation."
        "\n\nMerci aux participantes et participants.",
        "process": None,
        "days_ago": 20,
        "colour": (179, 38, 30),
        "alt": "Illustration : un graphique en barres rouges qui monte",
    },
    {
        "slug": "donnees-ouvertes-participation",
        "title": "Les contributions en données ouvertes",
        "summary": "Propositions et annotations publiques se téléchargent et se lisent dans un SIG.",
        "body": "Les contributions publiques sont publiées en données ouvertes (GeoJSON, GeoPackage, WFS, OGC API) "
        "sous Licence Ouverte 2.0 : voyez la page « Données ouvertes ».",
        "process": None,
        "days_ago": 35,
        "colour": (85, 85, 85),
        "alt": None,
    },
]


def _picture(colour, *, seed) -> ContentFile:
    """A small illustration: a gradient of the colour with a few shapes, as a JPEG upload would be."""
    image = Image.new("RGB", (960, 540), colour)
    draw = ImageDraw.Draw(image)
    for row in range(0, 540, 6):
        shade = tuple(min(255, c + row // 5) for c in colour)
        draw.rectangle([0, row, 960, row + 6], fill=shade)
    for number in range(6):
        x = 80 + ((seed * 97 + number * 151) % 800)
        y = 60 + ((seed * 53 + number * 89) % 400)
        draw.ellipse([x, y, x + 70, y + 70], fill=(255, 255, 255), outline=(30, 30, 30), width=4)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return ContentFile(out.getvalue(), name=f"illustration-{seed}.jpg")


def _store(model, owner_field, owner, checked, alt):
    with_files(lambda: owner, model=model, owner_field=owner_field, images=[(checked, alt)], documents=[])


@transaction.atomic
def load() -> int:
    """Creates the missing articles and the demo proposal's image; returns how many rows it created."""
    created = 0
    processes = {p.slug: p for p in Process.objects.filter(slug=OPEN_CONCERTATION)}
    now = timezone.now()
    for seed, spec in enumerate(ARTICLES):
        if Article.objects.filter(slug=spec["slug"]).exists():
            continue
        article = Article.objects.create(
            slug=spec["slug"],
            title=spec["title"],
            summary=spec["summary"],
            body=spec["body"],
            process=processes.get(spec["process"]),
            published=True,
            published_at=now - datetime.timedelta(days=spec["days_ago"]),
        )
        created += 1
        if spec["alt"]:
            _store(ArticleFile, "article", article, check_image(_picture(spec["colour"], seed=seed)), spec["alt"])
            created += 1
    proposal = Proposal.objects.public().filter(process__slug=OPEN_CONCERTATION).order_by("pk").first()
    if proposal is not None and not proposal.files.exists():
        photo = check_image(_picture((60, 120, 200), seed=7))
        _store(ProposalFile, "proposal", proposal, photo, "Illustration : un espace public à réaménager")
        created += 1
    return created
