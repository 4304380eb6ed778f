import pytest
from django.urls import reverse

from geoparticipation.accounts.models import User
from geoparticipation.territory.models import Commune

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("admin@example.org", "Administrateur", "un-mot-de-passe-solide")


@pytest.fixture
def lille():
    return Commune.objects.get(insee="59350")


def test_a_commune_is_found_by_its_insee_code(client, superuser):
    client.force_login(superuser)

    listed = client.get(reverse("admin:territory_commune_changelist"), {"q": "59350"}).context["cl"].result_list

    assert [commune.nom for commune in listed] == ["Lille"]


def test_a_commune_page_shows_its_boundary_on_a_map_that_cannot_be_edited(client, superuser, lille):
    client.force_login(superuser)

    page = client.get(reverse("admin:territory_commune_change", args=[lille.pk])).content.decode()

    assert "Limite communale" in page
    assert "&quot;MultiPolygon&quot;" in page
    assert "geodjango_id_geom.modifiable = false;" in page


def test_updating_the_population_keeps_the_boundary_as_loaded(client, superuser, lille):
    client.force_login(superuser)

    response = client.post(
        reverse("admin:territory_commune_change", args=[lille.pk]), {"population": "240000", "_save": "Enregistrer"}
    )

    assert response.status_code == 302
    updated = Commune.objects.get(pk=lille.pk)
    assert updated.population == 240_000
    assert updated.geom.ewkb == lille.geom.ewkb
