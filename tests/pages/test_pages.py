"""The legal pages: French defaults in a fresh database, linked from every page, edited by officers, escaped."""

import datetime

import pytest
from django.urls import reverse

from geoparticipation.pages import selectors
from geoparticipation.pages.models import Page

from ..factories import make_process

pytestmark = pytest.mark.django_db

TITLES = {
    "mentions-legales": "Mentions légales",
    "donnees-personnelles": "Données personnelles",
    "charte-de-participation": "Charte de participation",
    "accessibilite": "Déclaration d'accessibilité",
}


@pytest.fixture
def officer(officer):
    officer.is_superuser = True
    officer.save()
    return officer


def page_html(client, slug):
    response = client.get(f"/pages/{slug}/")
    assert response.status_code == 200
    assert response["Content-Language"] == "fr"
    return response.content.decode()


def edit(client, page, **changes):
    url = reverse("admin:pages_page_change", args=[page.pk])
    return client.post(url, {"title": page.title, "body": page.body, "_save": "Enregistrer", **changes})


@pytest.mark.parametrize("slug", TITLES)
def test_each_page_answers_in_french_with_its_title_and_version(client, slug):
    html = page_html(client, slug)

    assert '<html lang="fr">' in html
    assert f"<title>{TITLES[slug]} · " in html.replace("&#x27;", "'")
    assert f'<h1 lang="fr">{TITLES[slug]}</h1>' in html.replace("&#x27;", "'")
    assert "Version du " in html


def test_an_unknown_page_is_not_found(client):
    assert client.get("/pages/conditions-generales/").status_code == 404


def test_the_footer_of_every_page_links_the_four_pages(client, process):
    for path in ("/", f"/concertations/{process.slug}/", "/communes/", "/pages/accessibilite/"):
        html = client.get(path).content.decode()
        for slug in TITLES:
            assert f'<a href="/pages/{slug}/">' in html, (path, slug)
        assert "Accessibilité : partiellement conforme" in html


def test_the_personal_data_page_says_what_is_kept_and_for_how_long():
    html = selectors.page("donnees-personnelles").html()
    for kept in ("adresse e-mail", "pseudonyme", "réponses aux questionnaires", "tranche d'âge", "connexion échouées"):
        assert kept in html
    assert "15 minutes" in html and "fixée par la Métropole" in html


def test_the_personal_data_page_shows_the_dpo_contact_of_the_settings(client, settings):
    settings.DPO_CONTACT = "dpo@lillemetropole.example"

    html = page_html(client, "donnees-personnelles")

    assert "Délégué à la protection des données" in html
    assert '<a href="mailto:dpo@lillemetropole.example">dpo@lillemetropole.example</a>' in html


def test_by_default_the_dpo_is_reached_at_the_metropole(client):
    assert "Délégué à la protection des données, Métropole Européenne de Lille, 2 boulevard des Cités Unies" in (
        page_html(client, "donnees-personnelles")
    )


def test_the_accessibility_statement_gives_its_level_its_exceptions_and_the_recourse(client):
    html = page_html(client, "accessibilite")

    assert "<strong>partiellement conforme</strong>" in html and "RGAA" in html
    assert "dispositif de pointage" in html and "flèches" in html
    assert "Défenseur des droits" in html and "Contact accessibilité" in html


def test_an_officer_edits_a_page_and_the_site_shows_the_new_text(client, officer):
    page = selectors.page("charte-de-participation")
    # A version is to the second: the page written at migrate may be as young as this edit.
    Page.objects.filter(pk=page.pk).update(updated_at=page.updated_at - datetime.timedelta(minutes=1))
    version = selectors.terms_version()
    client.force_login(officer)

    response = edit(client, page, body="## Nouvelles règles\n\nSoyez **courtois**.")

    assert response.status_code == 302
    client.logout()
    html = page_html(client, "charte-de-participation")
    assert "<h2>Nouvelles règles</h2>" in html and "<strong>courtois</strong>" in html
    assert selectors.terms_version() > version


def test_html_typed_in_a_page_is_shown_as_text_never_run(client, officer):
    client.force_login(officer)
    body = (
        '<script>alert("xss")</script>\n\n[piège](javascript:alert(1)) <img src=x onerror=alert(1)>\n\n'
        "![pixel](https://tracker.example/p.png)"
    )

    edit(client, selectors.page("mentions-legales"), body=body)

    text = page_html(client, "mentions-legales").split('<div lang="fr">')[1].split("</div>")[0]
    assert "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;" in text and "<script" not in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text and "<img" not in text
    assert "[piège](javascript:alert(1))" in text and 'href="javascript' not in text.lower()


def test_officers_cannot_add_or_delete_the_sites_pages(client, officer):
    client.force_login(officer)
    page = selectors.page("accessibilite")

    assert client.get(reverse("admin:pages_page_add")).status_code == 403
    assert client.post(reverse("admin:pages_page_delete", args=[page.pk]), {"post": "yes"}).status_code == 403
    assert Page.objects.filter(slug="accessibilite").exists()


def test_a_page_missing_from_the_database_gets_its_default_text_back(client):
    Page.objects.all().delete()

    html = page_html(client, "charte-de-participation")

    assert "Les règles" in html
    assert set(Page.objects.values_list("slug", flat=True)) == set(TITLES)


def test_the_terms_version_is_the_moment_of_the_charters_last_change():
    charter = selectors.page("charte-de-participation")

    assert selectors.terms_version() == charter.updated_at.astimezone(datetime.UTC).isoformat(timespec="seconds")
    assert selectors.terms_version().endswith("+00:00")


def test_the_concertation_page_links_the_charter_where_its_modalities_mention_it(client):
    process = make_process(themes=())
    process.modalities = "Les contributions sont modérées selon la charte de participation."
    process.save()

    html = client.get(f"/concertations/{process.slug}/").content.decode()

    assert 'modérées selon la <a href="/pages/charte-de-participation/">charte de participation</a>.' in html


def test_a_concertation_whose_modalities_do_not_mention_the_charter_still_links_it(client, process):
    html = client.get(f"/concertations/{process.slug}/").content.decode()

    main = html.split("<main")[1].split("</main>")[0]
    assert '<a href="/pages/charte-de-participation/">Charte de participation</a>' in main


def test_the_pages_stay_in_french_under_an_english_interface(client):
    client.cookies["django_language"] = "en"

    html = client.get("/pages/donnees-personnelles/").content.decode()

    assert '<h1 lang="fr">Données personnelles</h1>' in html and '<div lang="fr">' in html
