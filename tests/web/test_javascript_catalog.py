"""The strings of the site's scripts: Django's JavaScript catalog, one address a language, kept in caches."""

import pytest

pytestmark = pytest.mark.django_db


def test_an_english_page_loads_the_english_strings_before_the_maps(client):
    html = client.get("/", headers={"accept-language": "en"}).content.decode()
    assert html.index('<script src="/jsi18n/en/">') < html.index("js/maps.js")


def test_the_english_catalog_translates_the_maps_with_english_plurals(client):
    response = client.get("/jsi18n/en/")
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Content-Language"] == "en"
    assert '"%s proposal on the map",\n      "%s proposals on the map"' in response.content.decode()
    assert "(n != 1)" in response.content.decode()


def test_the_french_catalog_follows_the_french_plural_rule_whatever_the_language_of_the_visitor(client):
    body = client.get("/jsi18n/fr/", headers={"accept-language": "en"}).content.decode()
    assert "(n > 1)" in body
    assert '"%s proposition sur la carte",\n      "%s propositions sur la carte"' in body


def test_the_catalog_holds_only_the_strings_of_the_site(client):
    # The admin's own scripts translate "Now" as "Maintenant": not the citizen site's business.
    assert "Maintenant" not in client.get("/jsi18n/fr/").content.decode()


def test_browsers_keep_a_catalog_for_a_day(client):
    assert client.get("/jsi18n/fr/")["Cache-Control"] == "max-age=86400"


def test_a_language_the_site_does_not_speak_has_no_catalog(client):
    assert client.get("/jsi18n/de/").status_code == 404
