"""The written bilan in the console: who may open and publish it, and what the public page and the PDF show."""

import importlib
import io
import json
from html import unescape

import pytest
from django.test import override_settings
from django.utils import timezone
from pypdf import PdfReader

from geoparticipation.accounts.personal_data import personal_data_json
from geoparticipation.analysis.models import Bilan
from geoparticipation.console.bilan import views
from tests.analysis.helpers import annotate

from ...factories import MAIRIE_ROUBAIX

pytestmark = pytest.mark.django_db

ALLOWED = ("administrator", "process_officer")
# `officer` is staff without a role of the console.
REFUSED = ("other_officer", "commune_officer", "officer", "citizen")
PAGES = ("bilan/", "bilan/apercu/", "annotations/", "annotations/donnees/?bbox=2.9,50.5,3.3,50.8")


@pytest.fixture(autouse=True)
def report_files(tmp_path):
    with override_settings(OPENDATA_ROOT=tmp_path):
        yield tmp_path


def url(process, tail):
    return f"/gestion/concertations/{process.slug}/{tail}"


def publish(process, **fields):
    published = {f"published_{name}": value for name, value in fields.items()}
    return Bilan.objects.create(process=process, published_at=timezone.now(), **fields, **published)


def pdf_text(client, process):
    response = client.get(f"/concertations/{process.slug}/bilan.pdf")
    assert response.status_code == 200
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


@pytest.mark.parametrize("role", ALLOWED)
@pytest.mark.parametrize("tail", PAGES)
def test_the_space_officers_and_administrators_open_the_pages(client, request, process, role, tail):
    client.force_login(request.getfixturevalue(role))
    assert client.get(url(process, tail)).status_code == 200


@pytest.mark.parametrize("role", REFUSED)
@pytest.mark.parametrize("tail", [*PAGES, "bilan/publication/"])
def test_other_people_are_refused_every_page_and_action(client, request, process, role, tail):
    client.force_login(request.getfixturevalue(role))
    response = client.post(url(process, tail), {"action": "publier"}) if "publication" in tail else None
    response = response or client.get(url(process, tail))
    assert response.status_code == 403
    assert not Bilan.objects.filter(published_at__isnull=False).exists()


@pytest.mark.parametrize("role", REFUSED)
def test_other_people_cannot_write_the_bilan(client, request, process, role):
    client.force_login(request.getfixturevalue(role))
    assert client.post(url(process, "bilan/"), {"decisions": "Piraté"}).status_code == 403
    assert not Bilan.objects.exists()


@pytest.mark.parametrize("tail", [*PAGES, "bilan/publication/"])
def test_an_anonymous_visitor_goes_to_the_login_page(client, process, tail):
    response = client.post(url(process, tail), {"action": "publier"}) if "publication" in tail else None
    response = response or client.get(url(process, tail))
    assert response.status_code == 302 and "/connexion/" in response["Location"]


def test_publishing_needs_a_post(client, process, process_officer):
    client.force_login(process_officer)
    assert client.get(url(process, "bilan/publication/")).status_code == 405


def test_an_officer_writes_then_publishes_and_unpublishes_the_bilan(client, process, process_officer):
    client.force_login(process_officer)
    response = client.post(
        url(process, "bilan/"),
        {
            "decisions": "La Métropole **plante** mille arbres.",
            "motivations": "Demandé partout.",
            "sections": ["themes"],
        },
    )
    assert response.status_code == 302
    bilan = Bilan.objects.get(process=process)
    assert bilan.sections == ["themes"] and not bilan.show_map and bilan.published_at is None

    client.post(url(process, "bilan/publication/"), {"action": "publier"})
    bilan.refresh_from_db()
    assert bilan.published_at and bilan.published_by == process_officer
    assert "Publié le" in client.get(url(process, "bilan/")).content.decode()

    client.post(url(process, "bilan/publication/"), {"action": "depublier"})
    bilan.refresh_from_db()
    assert bilan.published_at is None


def test_an_unknown_figure_is_refused_with_a_form_error(client, process, process_officer):
    client.force_login(process_officer)
    response = client.post(url(process, "bilan/"), {"decisions": "Texte", "sections": ["inconnu"]})
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in unescape(response.content.decode())
    assert not Bilan.objects.exists()


def test_an_unknown_action_is_refused_with_a_message(client, process, process_officer):
    client.force_login(process_officer)
    response = client.post(url(process, "bilan/publication/"), {"action": "effacer"}, follow=True)
    assert "Action inconnue" in response.content.decode()
    assert not Bilan.objects.exists()


def test_before_publication_the_public_bilan_stays_as_computed(client, process):
    Bilan.objects.create(process=process, decisions="Texte en préparation.", sections=[])
    html = unescape(client.get(f"/concertations/{process.slug}/bilan/").content.decode())
    assert "Texte en préparation." not in html
    assert "Chiffres clés" in html and "La participation par commune" in html


def test_the_preview_shows_the_draft_as_the_public_page_will(client, process, process_officer):
    Bilan.objects.create(process=process, decisions="Texte en préparation.", sections=["chiffres"], show_map=False)
    client.force_login(process_officer)
    html = unescape(client.get(url(process, "bilan/apercu/")).content.decode())
    assert "Aperçu : ce bilan n'est pas encore publié" in html
    assert "Texte en préparation." in html and "Chiffres clés" in html
    assert "Les propositions par thème" not in html and "La participation par commune" not in html


def test_the_preview_of_a_concertation_not_yet_public_says_where_its_map_will_be(client, process, process_officer):
    process.published = False
    process.save()
    client.force_login(process_officer)
    html = unescape(client.get(url(process, "bilan/apercu/")).content.decode())
    assert "La carte s'affichera ici une fois la concertation publiée." in html
    assert "<iframe" not in html


def test_the_published_bilan_shows_its_texts_and_only_the_chosen_figures_on_the_page_and_in_the_pdf(client, process):
    publish(
        process,
        decisions="La Métropole plante **mille arbres**.",
        motivations="Les habitants l'ont demandé <script>alert(1)</script>.",
        sections=["chiffres", "decisions"],
        show_map=False,
    )
    raw = client.get(f"/concertations/{process.slug}/bilan/").content.decode()
    assert "<script>alert(1)" not in raw  # the safe subset of Markdown
    html = unescape(raw)
    assert "<strong>mille arbres</strong>" in html
    assert "Les habitants l'ont demandé" in html
    assert "Chiffres clés" in html and "Les réponses et les décisions" in html
    assert "Les propositions par thème" not in html
    assert "La participation par commune" not in html

    text = pdf_text(client, process)
    assert "mille arbres" in text and "Les habitants l'ont demandé" in text
    assert "Chiffres clés" in text
    assert "Les propositions par thème" not in text and "La participation par commune" not in text


def public_page(client, process):
    return unescape(client.get(f"/concertations/{process.slug}/bilan/").content.decode())


def pdf_files(folder):
    return sorted(path.name for path in folder.rglob("*.pdf"))


def test_an_edit_after_publication_is_a_draft_until_it_is_published(client, process, process_officer, report_files):
    publish(process, decisions="Première version.", sections=["chiffres"])
    assert "Première version." in pdf_text(client, process)
    built = pdf_files(report_files)

    client.force_login(process_officer)
    response = client.post(url(process, "bilan/"), {"decisions": "Seconde version.", "sections": ["chiffres"]})
    assert response.status_code == 302
    html = unescape(client.get(url(process, "bilan/")).content.decode())
    assert "Brouillon modifié depuis la publication du" in html
    preview = unescape(client.get(url(process, "bilan/apercu/")).content.decode())
    assert "Seconde version." in preview and "la page publique montre encore la version publiée le" in preview
    # The public page and its PDF still show the published text: the PDF is not even rebuilt.
    assert "Première version." in public_page(client, process) and "Seconde version." not in public_page(
        client, process
    )
    assert "Première version." in pdf_text(client, process)
    assert pdf_files(report_files) == built

    client.post(url(process, "bilan/publication/"), {"action": "publier"})
    assert "Seconde version." in public_page(client, process)
    text = pdf_text(client, process)
    assert "Seconde version." in text and "Première version." not in text
    assert pdf_files(report_files) != built
    assert "Brouillon modifié" not in unescape(client.get(url(process, "bilan/")).content.decode())


def test_abandoning_the_draft_takes_back_the_published_text(client, process, process_officer):
    bilan = publish(process, decisions="Publié.", motivations="Motifs publiés.", sections=["chiffres"], show_map=False)
    client.force_login(process_officer)
    client.post(url(process, "bilan/"), {"decisions": "Essai.", "motivations": "", "show_map": "on"})
    bilan.refresh_from_db()
    assert bilan.draft_differs
    response = client.post(url(process, "bilan/publication/"), {"action": "abandonner"}, follow=True)
    assert "Le brouillon est abandonné" in response.content.decode()
    bilan.refresh_from_db()
    assert (bilan.decisions, bilan.motivations, bilan.sections, bilan.show_map) == (
        "Publié.",
        "Motifs publiés.",
        ["chiffres"],
        False,
    )
    assert not bilan.draft_differs and bilan.published_at is not None
    assert "Publié." in public_page(client, process)


def test_an_unpublished_bilan_has_no_draft_to_abandon(client, process, process_officer):
    Bilan.objects.create(process=process, decisions="En cours.")
    client.force_login(process_officer)
    response = client.post(url(process, "bilan/publication/"), {"action": "abandonner"}, follow=True)
    assert "pas de version publiée" in unescape(response.content.decode())
    assert Bilan.objects.get(process=process).decisions == "En cours."


def test_unpublishing_withdraws_the_published_text_and_keeps_the_draft(client, process, process_officer):
    publish(process, decisions="Publié un temps.")
    client.force_login(process_officer)
    client.post(url(process, "bilan/publication/"), {"action": "depublier"})
    bilan = Bilan.objects.get(process=process)
    assert bilan.decisions == "Publié un temps." and bilan.published_decisions == ""
    assert "Publié un temps." not in public_page(client, process)


@pytest.mark.parametrize("role", REFUSED)
@pytest.mark.parametrize("action", ["abandonner", "publier", "depublier"])
def test_other_people_cannot_abandon_publish_or_unpublish_a_draft(client, request, process, role, action):
    bilan = publish(process, decisions="Publié.")
    bilan.decisions = "Brouillon."
    bilan.save()
    client.force_login(request.getfixturevalue(role))
    assert client.post(url(process, "bilan/publication/"), {"action": action}).status_code == 403
    bilan.refresh_from_db()
    assert (bilan.decisions, bilan.published_decisions) == ("Brouillon.", "Publié.")


@pytest.mark.parametrize("role", ALLOWED)
def test_the_space_officers_and_administrators_abandon_a_draft(client, request, process, role):
    bilan = publish(process, decisions="Publié.")
    bilan.decisions = "Brouillon."
    bilan.save()
    client.force_login(request.getfixturevalue(role))
    assert client.post(url(process, "bilan/publication/"), {"action": "abandonner"}).status_code == 302
    bilan.refresh_from_db()
    assert bilan.decisions == "Publié."


def test_the_personal_data_lists_the_bilans_the_officer_published(client, process, process_officer):
    client.force_login(process_officer)
    client.post(url(process, "bilan/"), {"decisions": "Texte."})
    client.post(url(process, "bilan/publication/"), {"action": "publier"})
    client.post(url(process, "bilan/"), {"decisions": "Brouillon après publication."})
    published = json.loads("".join(personal_data_json(process_officer)))["bilans_published_as_officer"]
    assert [row["process"] for row in published] == [process.slug]
    client.post(url(process, "bilan/publication/"), {"action": "depublier"})
    assert json.loads("".join(personal_data_json(process_officer)))["bilans_published_as_officer"] == []


def test_the_annotations_data_includes_the_hidden_ones_and_filters_by_kind(client, process, process_officer, citizen):
    shown = annotate(process, citizen, "Un trottoir défoncé")
    hidden = annotate(process, citizen, "Texte masqué", where=MAIRIE_ROUBAIX)
    hidden.hidden_at = timezone.now()
    hidden.kind = "probleme"
    hidden.save()
    client.force_login(process_officer)
    data = client.get(url(process, "annotations/donnees/?bbox=2.9,50.5,3.3,50.8")).json()
    found = {f["id"]: f["properties"] for f in data["features"]}
    assert found[shown.pk]["masquee"] is False and found[hidden.pk]["masquee"] is True
    assert found[hidden.pk]["libelle"] == "Problème"
    assert data["tronque"] is False

    data = client.get(url(process, "annotations/donnees/?bbox=2.9,50.5,3.3,50.8&type=probleme")).json()
    assert [f["id"] for f in data["features"]] == [hidden.pk]


def test_the_annotations_data_reads_its_window_in_a_fixed_number_of_queries(
    client, process, process_officer, citizen, django_assert_max_num_queries
):
    for n in range(5):
        annotate(process, citizen, f"Annotation {n}")
    client.force_login(process_officer)
    with django_assert_max_num_queries(6):
        data = client.get(url(process, "annotations/donnees/?bbox=2.9,50.5,3.3,50.8")).json()
    assert len(data["features"]) == 5


def test_beyond_the_cap_the_map_says_that_other_annotations_exist(
    client, process, process_officer, citizen, monkeypatch
):
    monkeypatch.setattr(views, "ANNOTATIONS_CAP", 2)
    for n in range(3):
        annotate(process, citizen, f"Annotation {n}")
    client.force_login(process_officer)
    data = client.get(url(process, "annotations/donnees/?bbox=2.9,50.5,3.3,50.8")).json()
    assert len(data["features"]) == 2 and data["tronque"] is True


def test_the_annotations_data_reads_only_the_window(client, process, process_officer, citizen):
    annotate(process, citizen, "À Lille")
    client.force_login(process_officer)
    assert client.get(url(process, "annotations/donnees/?bbox=1.0,45.0,1.1,45.1")).json()["features"] == []


@pytest.mark.parametrize("bbox", ["", "a,b,c,d", "3.3,50.5,2.9,50.8", "1,2,3"])
def test_a_bad_window_is_refused_with_a_clear_message(client, process, process_officer, bbox):
    client.force_login(process_officer)
    response = client.get(url(process, f"annotations/donnees/?bbox={bbox}"))
    assert response.status_code == 400
    assert "Zone invalide" in response.json()["erreur"]


def test_a_bad_kind_is_refused(client, process, process_officer):
    client.force_login(process_officer)
    assert client.get(url(process, "annotations/donnees/?bbox=2.9,50.5,3.3,50.8&type=x")).status_code == 400


def test_the_migration_keeps_a_bilan_published_before_drafts_existed_as_it_is(process, other_process):
    from django.apps import apps

    draft_migration = importlib.import_module("geoparticipation.analysis.migrations.0004_bilan_draft")
    Bilan.objects.create(process=process, decisions="Déjà publié.", sections=["themes"], published_at=timezone.now())
    Bilan.objects.create(process=other_process, decisions="Jamais publié.")
    draft_migration.keep_published_texts(apps, None)
    published = Bilan.objects.get(process=process)
    assert (published.published_decisions, published.published_sections) == ("Déjà publié.", ["themes"])
    assert not published.draft_differs
    assert Bilan.objects.get(process=other_process).published_decisions == ""
