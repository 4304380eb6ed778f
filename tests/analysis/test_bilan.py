import io
import re
from html import unescape

import pytest
from django.utils import timezone
from pypdf import PdfReader

from geoparticipation.participation.models import Proposal

from ..factories import make_process
from .helpers import person, propose

pytestmark = pytest.mark.django_db

# Any src= or href= that names a host, protocol-relative URLs included.
EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)


@pytest.fixture
def answered(small_dataset, officer):
    velo, _, bus, motos = small_dataset["proposals"]
    Proposal.objects.filter(pk=velo.pk).update(
        state="accepted",
        answer="Des arceaux seront posés devant l'école en juin.",
        answered_by=officer,
        answered_at=timezone.now(),
    )
    Proposal.objects.filter(pk=bus.pk).update(state="rejected", answer="La ligne est déjà à dix minutes.")
    Proposal.objects.filter(pk=motos.pk).update(
        state="evaluating", answer="Étude en cours.", hidden_at=timezone.now(), hidden_reason="Hors charte"
    )
    return small_dataset["process"]


def test_the_report_shows_the_figures_the_themes_and_the_answers(client, answered):
    html = unescape(client.get(f"/concertations/{answered.slug}/bilan/").content.decode())

    assert "Bilan de la concertation" in html
    assert "<strong>3</strong> propositions" in html  # the hidden one is not counted
    assert "<strong>3</strong> participants" in html
    assert "Des arceaux seront posés devant l'école en juin." in html
    assert "La ligne est déjà à dix minutes." in html
    assert "Étude en cours." not in html  # hidden by moderation
    assert "<svg" in html and "Mobilité" in html


def test_the_report_and_its_map_load_nothing_from_another_host(client, answered):
    page = client.get(f"/concertations/{answered.slug}/bilan/").content.decode()
    map_response = client.get(f"/concertations/{answered.slug}/bilan/carte/")
    document = map_response.content.decode()

    assert f'src="/concertations/{answered.slug}/bilan/carte/"' in page
    assert map_response["X-Frame-Options"] == "SAMEORIGIN"
    assert not EXTERNAL.search(page), EXTERNAL.search(page)
    assert not EXTERNAL.search(document), EXTERNAL.search(document)
    assert '<script src="/static/leaflet/leaflet.js">' in document
    assert "tileLayer" not in document and "jquery" not in document.lower()
    assert '"nom": "Roubaix"' in document and '"contributions": 2' in document


def test_the_pdf_opens_and_carries_the_title_and_the_answers(client, answered):
    response = client.get(f"/concertations/{answered.slug}/bilan.pdf")

    assert response["Content-Type"] == "application/pdf"
    pdf = PdfReader(io.BytesIO(response.content))
    assert pdf.metadata.title == "Bilan de la concertation « Concertation plan-climat »"
    # Lines may break after a hyphen or between words: the text is read as one line.
    text = " ".join(page.extract_text() for page in pdf.pages).replace("-\n", "-").replace("\n", " ")
    assert "Concertation plan-climat" in text
    assert "arceaux seront posés" in text


def test_a_private_or_unpublished_concertation_has_no_public_report(client):
    private = make_process("atelier-prive", is_private=True)
    propose(private, person("Membre"), "Proposition réservée")

    for url in ["bilan/", "bilan/carte/", "bilan.pdf"]:
        assert client.get(f"/concertations/atelier-prive/{url}").status_code == 404
