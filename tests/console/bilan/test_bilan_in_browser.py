"""The bilan and the map of annotations in Chromium, as an officer of the concertation uses them."""

from django.utils import timezone

from geoparticipation.analysis.models import Bilan
from tests.analysis.helpers import annotate
from tests.web.axe import assert_accessible
from tests.web.browser import browser, log_in, page  # noqa: F401

from ...factories import MAIRIE_ROUBAIX


def check_the_page(tab):
    assert_accessible(tab)
    assert tab.evaluate("document.documentElement.scrollWidth") <= 1366
    # and on a tablet
    tab.set_viewport_size({"width": 768, "height": 1024})
    assert tab.evaluate("document.documentElement.scrollWidth") <= 768
    tab.set_viewport_size({"width": 1366, "height": 768})


def test_an_officer_writes_previews_and_publishes_the_bilan(page, process, process_officer):  # noqa: F811
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, process_officer.email)
    page.goto(f"/gestion/concertations/{process.slug}/bilan/")
    check_the_page(page)

    page.get_by_label("Décisions", exact=True).fill("La Métropole plante **mille arbres** en 2027.")
    page.get_by_label("Motivations", exact=True).fill("Les habitants l'ont demandé dans douze communes.")
    page.get_by_label("Les propositions par thème").uncheck()
    page.get_by_label("Montrer la carte de la participation par commune").uncheck()
    page.get_by_role("button", name="Enregistrer le bilan").click()
    page.get_by_text("Le bilan est enregistré.").wait_for()

    page.get_by_role("link", name="Aperçu du bilan public").click()
    page.get_by_text("Aperçu : ce bilan n'est pas encore publié").wait_for()
    assert page.get_by_role("heading", name="Les décisions de la Métropole").is_visible()
    assert page.locator("strong", has_text="mille arbres").is_visible()
    assert page.get_by_role("heading", name="Chiffres clés").is_visible()
    assert page.get_by_role("heading", name="Les réponses et les décisions").is_visible()
    assert page.get_by_role("heading", name="Les propositions par thème").count() == 0
    assert page.get_by_role("heading", name="La participation par commune").count() == 0
    check_the_page(page)

    page.get_by_role("link", name="Revenir au bilan de la concertation dans la gestion").click()
    page.get_by_role("button", name="Publier le bilan").click()
    page.get_by_text("Le bilan est publié.").wait_for()
    assert Bilan.objects.get(process=process).published_by == process_officer

    page.get_by_role("link", name="Voir le bilan public").click()
    page.get_by_role("heading", name="Les motivations de ces décisions").wait_for()
    assert page.get_by_text("Les habitants l'ont demandé dans douze communes.").is_visible()
    assert "Aperçu" not in page.content()
    assert page.get_by_role("heading", name="Les propositions par thème").count() == 0
    check_the_page(page)


def test_the_map_of_annotations_shows_a_hidden_annotation_to_the_officer(page, process, process_officer, citizen):  # noqa: F811
    annotate(process, citizen, "Un banc à réparer")
    hidden = annotate(process, citizen, "Un texte masqué par la modération", where=MAIRIE_ROUBAIX)
    hidden.kind = "probleme"
    hidden.hidden_at = timezone.now()
    hidden.save()
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, process_officer.email)
    page.goto(f"/gestion/concertations/{process.slug}/annotations/")
    page.get_by_text("2 annotation(s) affichée(s), dont 1 masquée(s).").wait_for()
    assert page.get_by_text("Masquée par la modération").is_visible()
    check_the_page(page)

    page.get_by_label("Type d'annotation").select_option(label="Problème")
    page.get_by_text("1 annotation(s) affichée(s), dont 1 masquée(s).").wait_for()
    page.locator("#annotations-map path.leaflet-interactive").first.click()
    popup = page.locator(".leaflet-popup-content")
    popup.get_by_text("Problème (masquée)").wait_for()
    assert popup.get_by_text("Un texte masqué par la modération").is_visible()
    assert popup.get_by_role("link", name="Ouvrir l'annotation").get_attribute("href")


def test_an_officer_edits_a_published_bilan_as_a_draft_then_publishes_or_abandons_it(page, process, process_officer):  # noqa: F811
    Bilan.objects.create(
        process=process,
        decisions="Première décision.",
        published_decisions="Première décision.",
        published_at=timezone.now(),
        published_by=process_officer,
    )
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, process_officer.email)
    page.goto(f"/gestion/concertations/{process.slug}/bilan/")
    page.get_by_label("Décisions", exact=True).fill("Seconde décision.")
    page.get_by_role("button", name="Enregistrer le bilan").click()
    page.get_by_text("Le brouillon est enregistré").wait_for()
    assert page.get_by_text("Brouillon modifié depuis la publication du").is_visible()
    check_the_page(page)

    page.get_by_role("link", name="Voir le bilan public").click()
    page.get_by_text("Première décision.").wait_for()
    assert page.get_by_text("Seconde décision.").count() == 0
    page.go_back()

    page.get_by_role("button", name="Publier le brouillon").click()
    page.get_by_text("Le bilan est publié.").wait_for()
    assert page.get_by_text("Brouillon modifié").count() == 0
    page.get_by_role("link", name="Voir le bilan public").click()
    page.get_by_text("Seconde décision.").wait_for()
    page.go_back()

    page.get_by_label("Décisions", exact=True).fill("Essai abandonné.")
    page.get_by_role("button", name="Enregistrer le bilan").click()
    page.get_by_role("button", name="Abandonner le brouillon").click()
    page.get_by_text("Le brouillon est abandonné").wait_for()
    assert page.get_by_label("Décisions", exact=True).input_value() == "Seconde décision."
    assert Bilan.objects.get(process=process).published_decisions == "Seconde décision."
