import csv
import datetime
import io
import re
from html import unescape

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.test import override_settings
from django.utils import timezone
from pypdf import PdfReader

from geoparticipation.analysis.report import INLINE_LIMIT
from geoparticipation.participation.models import Comment, Proposal, Support, Theme

from ..factories import GRAND_PLACE_LILLE, make_process, point
from .helpers import person, propose

pytestmark = pytest.mark.django_db

# Any src= or href= that names a host, protocol-relative URLs included.
EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)


@pytest.fixture(autouse=True)
def report_files(tmp_path):
    """The PDFs are cached on disk: each test writes its own."""
    with override_settings(OPENDATA_ROOT=tmp_path):
        yield tmp_path


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


def test_the_report_counts_the_supports_and_visible_comments_of_public_proposals(client, small_dataset):
    velo, _, bus, motos = small_dataset["proposals"]
    alice, bruno, motard, discret = small_dataset["people"]
    Proposal.objects.filter(pk=motos.pk).update(hidden_at=timezone.now(), hidden_reason="Hors charte")
    Support.objects.bulk_create([Support(proposal=velo, user=bruno), Support(proposal=bus, user=alice)])
    Support.objects.create(proposal=motos, user=discret)
    on = ContentType.objects.get_for_model(Proposal)
    Comment.objects.create(content_type=on, object_id=velo.pk, author=discret, body="Oui, devant l'école.")
    Comment.objects.create(content_type=on, object_id=bus.pk, author=bruno, body="Masqué", hidden_at=timezone.now())
    Comment.objects.create(content_type=on, object_id=motos.pk, author=motard, body="Sur une proposition masquée")

    html = client.get(f"/concertations/{small_dataset['process'].slug}/bilan/").content.decode()

    assert "<strong>2</strong> soutiens" in html
    assert "<strong>1</strong> commentaire</li>" in html
    assert "<strong>3</strong> participants" in html  # Alice, Bruno and Discret; not the hidden proposal's author


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


@pytest.fixture
def national(process):
    """More answers than a report prints: 150 accepted on the climate, 90 rejected on mobility, 5 accepted then
    hidden by moderation, 10 published without an answer, and an answered proposal of a private concertation."""
    climat, mobilite = Theme.objects.get(slug="climat"), Theme.objects.get(slug="mobilite")
    author = person("Nombreux")
    published = timezone.now() - datetime.timedelta(days=1)

    def proposals(target, title, count, **fields):
        return [
            Proposal(
                process=target,
                author=author,
                title=f"{title} n°{i:03}",
                body="Un texte de proposition.",
                geom=point(*GRAND_PLACE_LILLE),
                published_at=published,
                **fields,
            )
            for i in range(1, count + 1)
        ]

    private = make_process("atelier-prive", is_private=True)
    Proposal.objects.bulk_create(
        proposals(process, "Arbre", 150, theme=climat, state="accepted", answer="Plantation à l'automne.")
        + proposals(process, "Parking", 90, theme=mobilite, state="rejected", answer="Le parking reste.")
        + proposals(process, "Caché", 5, theme=climat, state="accepted", answer="Réponse masquée.", hidden_at=published)
        + proposals(process, "Sans réponse", 10, theme=climat)
        + proposals(private, "Réservée", 3, theme=climat, state="accepted", answer="Réponse réservée.")
    )
    return process


def _page(client, process, query=""):
    response = client.get(f"/concertations/{process.slug}/bilan/{query}")
    return response, unescape(response.content.decode())


def _titles(html):
    return re.findall(r"<h4>([^<]+)</h4>", html)


def test_a_large_report_counts_the_decisions_by_state_and_theme(client, national):
    _, html = _page(client, national)

    assert 240 > INLINE_LIMIT
    assert "240 propositions ayant reçu une réponse, par décision et par thème" in html
    assert re.search(r"Acceptée \(150\)</th><td>Climat</td><td>150</td>", html)
    assert re.search(r"Rejetée \(90\)</th><td>Mobilite</td><td>90</td>", html)


def _next(html, rel="next"):
    """The query of the page's link to its next (or previous) page, None on the last (or first) one."""
    found = re.search(rf'rel="{rel}" href="([^"]+)"', html)
    return found and found.group(1)


def test_a_large_report_lists_its_answers_page_by_page(client, national):
    seen, query, pages = [], "", []
    while query is not None:
        _, html = _page(client, national, query)
        pages.append(html)
        seen += _titles(html)
        query = _next(html)

    assert len(pages) == 10
    assert "240 réponses." in pages[0] and 'rel="prev"' not in pages[0]
    assert len(seen) == len(set(seen)) == 240
    assert seen[0] == "Arbre n°001" and seen[-1] == "Parking n°090"
    assert _titles(pages[-1]) == [f"Parking n°{i:03}" for i in range(76, 91)]


def test_a_page_leads_back_to_the_one_before_and_to_the_start(client, national):
    _, first = _page(client, national)
    _, second = _page(client, national, _next(first))
    _, third = _page(client, national, _next(second))
    _, back = _page(client, national, _next(third, rel="prev"))

    assert _titles(back) == _titles(second)
    assert _titles(_page(client, national, _next(second, rel="prev"))[1]) == _titles(first)
    assert 'href="?">« Début de la liste</a>' in third


def test_answers_with_the_same_title_are_each_listed_once_across_pages(client, national):
    Proposal.objects.filter(process=national, title__startswith="Arbre").update(title="Un arbre")
    listed, query = [], ""
    while query is not None:
        html = _page(client, national, query)[1]
        listed += _titles(html)
        query = _next(html)

    assert listed.count("Un arbre") == 150 and len(listed) == 240


def test_a_page_after_an_answer_no_longer_listed_is_not_found(client, national):
    hidden = Proposal.objects.get(process=national, title="Arbre n°025")
    Proposal.objects.filter(pk=hidden.pk).update(hidden_at=timezone.now())

    assert client.get(f"/concertations/{national.slug}/bilan/?apres={hidden.pk}").status_code == 404


def test_a_bad_page_position_is_refused_with_a_clear_message(client, national):
    for query in ["?apres=abc", "?avant=0", "?apres=1&avant=2", "?apres=" + "9" * 30]:
        response = client.get(f"/concertations/{national.slug}/bilan/{query}")

        assert response.status_code == 400
        assert response.content.decode().startswith("Page invalide.")


def test_a_bad_search_is_refused_with_a_clear_message(client, national):
    for query in ["?etat=withdrawn", "?theme=inconnu", "?q=" + "x" * 201]:
        response = client.get(f"/concertations/{national.slug}/bilan/{query}")
        csv_response = client.get(f"/concertations/{national.slug}/bilan/reponses.csv{query}")

        assert response.status_code == csv_response.status_code == 400
        assert response.content.decode().startswith("Recherche invalide.")


def _csv(client, process, query=""):
    response = client.get(f"/concertations/{process.slug}/bilan/reponses.csv{query}")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.streaming
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_the_csv_holds_every_answered_public_proposal_and_nothing_else(client, national):
    rows = _csv(client, national)
    expected = Proposal.objects.public().filter(process=national).exclude(answer="")

    assert sorted(int(row["id"]) for row in rows) == sorted(expected.values_list("pk", flat=True))
    assert len(rows) == 240
    assert rows[0] == {
        "id": rows[0]["id"],
        "titre": "Arbre n°001",
        "decision": "Acceptée",
        "theme": "Climat",
        "insee": "59350",
        "commune": "Lille",
        "date_reponse": "",
        "reponse": "Plantation à l'automne.",
    }
    assert len(_csv(client, national, "?q=parking")) == 90


def test_a_title_that_a_spreadsheet_would_run_as_a_formula_stays_text_and_dates_are_iso(client, national):
    answered = timezone.now().replace(microsecond=0)
    Proposal.objects.filter(process=national, title="Arbre n°001").update(
        title='=HYPERLINK("http://example.com","clic")', answered_at=answered
    )
    [row] = [row for row in _csv(client, national) if "HYPERLINK" in row["titre"]]

    assert row["titre"] == '\'=HYPERLINK("http://example.com","clic")'
    assert row["date_reponse"] == answered.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_hidden_and_private_answers_are_in_no_output(client, national):
    pages, query = "", ""
    while query is not None:
        html = _page(client, national, query)[1]
        pages += html
        query = _next(html)
    rows = _csv(client, national)
    pdf = client.get(f"/concertations/{national.slug}/bilan.pdf")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)

    for output in [pages, " ".join(row["titre"] + row["reponse"] for row in rows), text]:
        assert "Caché" not in output and "Réponse masquée" not in output
        assert "Réservée" not in output and "Réponse réservée" not in output


def test_a_small_report_prints_every_answer_without_a_search(client, answered):
    _, html = _page(client, answered)

    assert "2 propositions ayant reçu une réponse" in html
    assert _titles(html) == ["Vélo 1", "Bus"]
    assert "<h3>Acceptée (1)</h3>" in html and "<h3>Rejetée (1)</h3>" in html
    # The one search form is the site's, in the header.
    assert html.count('role="search"') == 1 and "Page suivante" not in html


def _pdf_text(response):
    pdf = PdfReader(io.BytesIO(response.content))
    return " ".join(page.extract_text() for page in pdf.pages).replace("-\n", "-").replace("\n", " ")


def test_a_large_pdf_sums_up_the_answers_and_links_to_their_full_list(client, national):
    response = client.get(f"/concertations/{national.slug}/bilan.pdf")
    content = response.content
    pdf = PdfReader(io.BytesIO(content))
    text = " ".join(page.extract_text() for page in pdf.pages).replace("\n", " ")
    links = [annotation.get_object()["/A"]["/URI"] for page in pdf.pages for annotation in page.get("/Annots", [])]

    assert "Acceptée (150)" in text and "Rejetée (90)" in text
    assert "Les 240 réponses sont trop nombreuses pour ce document" in text
    assert settings.SITE_URL.rstrip("/") + "/concertations/plan-climat/bilan/reponses.csv" in links
    assert "Arbre n°001" not in text


def test_the_pdf_is_built_once_then_again_when_an_answer_changes(client, national, report_files):
    url = f"/concertations/{national.slug}/bilan.pdf"
    first = client.get(url).content
    again = client.get(url).content
    built = list((report_files / "bilan").iterdir())

    Proposal.objects.filter(process=national, title="Parking n°001").update(state="accepted")
    text = _pdf_text(client.get(url))

    assert again == first and len(built) == 1
    assert "Acceptée (151)" in text and "Rejetée (89)" in text
    assert [path.name for path in (report_files / "bilan").iterdir()] != [built[0].name]
