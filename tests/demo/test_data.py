import pytest

from geoparticipation.demo import data
from geoparticipation.territory.models import Commune


def test_commune_names_take_the_french_elision():
    assert data.a_commune("Lille") == "à Lille"
    assert data.a_commune("Le Maisnil") == "au Maisnil"
    assert data.de_commune("Roubaix") == "de Roubaix"
    assert data.de_commune("Armentières") == "d'Armentières"
    assert data.de_commune("Hem") == "d'Hem"
    assert data.de_commune("Hallennes-lez-Haubourdin") == "de Hallennes-lez-Haubourdin"
    assert data.de_commune("Le Maisnil") == "du Maisnil"
    assert data.fill("Un verger {a}, le centre {de}, {commune} compris", "Lesquin") == (
        "Un verger à Lesquin, le centre de Lesquin, Lesquin compris"
    )


@pytest.mark.django_db
def test_every_demo_title_and_annotation_names_its_commune_so_that_a_reload_recognises_it():
    names = list(Commune.objects.values_list("nom", flat=True))
    for concertation in data.load("concertations"):
        proposals = concertation["proposals"]["templates"]
        assert {t["theme"] for t in proposals} <= set(concertation["themes"])
        keys = [t["title"] for t in proposals] + [t["comment"] for t in concertation["annotations"]["templates"]]
        for text in keys:
            assert any(place in text for place in ("{a}", "{de}", "{commune}")), text
        for text in keys + [t["body"] for t in proposals]:
            assert not any("{" in data.fill(text, nom) for nom in names), text
