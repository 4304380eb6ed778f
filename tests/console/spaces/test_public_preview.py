"""The officers' preview: the real public pages of a concertation not yet public, to those who run its space only,
read-only, and in no other output (API, OGC API, WFS, search)."""

import html
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from geoparticipation.participation.models import Process, Proposal
from tests.factories import make_meeting, make_proposal, point

pytestmark = pytest.mark.django_db

TABS = (
    "web:process",
    "web:meetings",
    "web:annotations",
    "news:process",
    "debates:list",
    "surveys:list",
    "analysis:bilan",
)
BANNER = "Aperçu : cette concertation n'est pas publiée ; seuls ses agents la voient."
TITLE = "Un abri vélo couvert rue Solférino"


@pytest.fixture
def unpublished(process, citizen):
    """« plan-climat » with a proposal and a meeting, then unpublished."""
    make_proposal(process, citizen, title=TITLE)
    make_meeting(process, title="Atelier des berges")
    Process.objects.filter(pk=process.pk).update(published=False)
    process.refresh_from_db()
    return process


def text(response):
    return html.unescape(response.content.decode())


@pytest.mark.parametrize("role", ["process_officer", "administrator"])
@pytest.mark.parametrize("tab", TABS)
def test_those_who_run_the_space_see_each_tab_with_the_banner_noindex_and_private(
    client, request, unpublished, role, tab
):
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse(tab, args=[unpublished.slug]))
    assert response.status_code == 200
    assert BANNER in text(response)
    assert unpublished.title in text(response)
    assert response["X-Robots-Tag"].startswith("noindex")
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("role", ["other_officer", "commune_officer", "citizen", None])
@pytest.mark.parametrize("tab", TABS)
def test_everyone_else_gets_a_404_as_before(client, request, unpublished, role, tab):
    if role:
        client.force_login(request.getfixturevalue(role))
    assert client.get(reverse(tab, args=[unpublished.slug])).status_code == 404


def test_the_preview_lists_what_the_concertation_will_show(client, unpublished, process_officer):
    client.force_login(process_officer)
    assert TITLE in text(client.get(reverse("web:process", args=[unpublished.slug])))
    assert "Atelier des berges" in text(client.get(reverse("web:meetings", args=[unpublished.slug])))


def test_a_public_concertation_shows_no_banner_to_its_officer(client, process, process_officer):
    client.force_login(process_officer)
    response = client.get(reverse("web:process", args=[process.slug]))
    assert response.status_code == 200
    assert "Aperçu" not in text(response) and "X-Robots-Tag" not in response


def test_a_private_concertation_is_previewed_by_its_officer_and_not_by_another(client, process_officer, other_officer):
    private = Process.objects.create(slug="quartier-prive", title="Concertation du quartier", is_private=True)
    process_officer.console_roles.create(kind="process", process=private)
    client.force_login(process_officer)
    response = client.get(reverse("web:process", args=[private.slug]))
    assert response.status_code == 200 and "réservée à ses membres" in text(response)
    client.force_login(other_officer)
    assert client.get(reverse("web:process", args=[private.slug])).status_code == 404


def test_no_other_output_shows_the_unpublished_concertation_to_its_officer(client, unpublished, process_officer):
    client.force_login(process_officer)
    proposal = Proposal.objects.get(title=TITLE)
    outputs = {
        "/api/v1/proposals/": 200,
        f"/api/v1/proposals/{proposal.pk}/": 404,
        "/api/v1/processes/": 200,
        f"/api/v1/processes/{unpublished.slug}/": 404,
        "/ogc/collections/proposals/items?f=json": 200,
        f"/ogc/collections/proposals/items/{proposal.pk}?f=json": 404,
        "/wfs?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=proposals&OUTPUTFORMAT=geojson": 200,
        "/recherche/?q=Solférino": 200,
    }
    for url, status in outputs.items():
        response = client.get(url)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        assert response.status_code == status, url
        assert TITLE not in content.decode() and unpublished.title not in content.decode(), url


def test_the_officer_cannot_post_in_the_preview(client, unpublished, process_officer):
    client.force_login(process_officer)
    response = client.post(
        reverse("web:proposal_create", args=[unpublished.slug]),
        {"title": "Depuis l'aperçu", "body": "Ne doit pas être déposée.", "geometry": point(3.06, 50.63).geojson},
    )
    assert response.status_code == 404
    response = client.post(reverse("web:annotations", args=[unpublished.slug]), {"kind": "idee", "comment": "Non"})
    assert response.status_code == 404
    assert not Proposal.objects.filter(title="Depuis l'aperçu").exists()
    with pytest.raises(PermissionDenied):
        make_proposal(unpublished, process_officer, title="Depuis le service")


@pytest.mark.parametrize("role", ["process_officer", "administrator"])
def test_the_console_preview_opens_the_public_page(client, request, unpublished, role):
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("console:space_preview", args=[unpublished.slug]))
    assert response.status_code == 302 and response["Location"] == reverse("web:process", args=[unpublished.slug])


@pytest.mark.parametrize("role", ["other_officer", "commune_officer", "citizen"])
def test_the_console_preview_is_refused_to_others(client, request, unpublished, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("console:space_preview", args=[unpublished.slug])).status_code == 403


def test_the_console_preview_sends_an_anonymous_visitor_to_log_in(client, unpublished):
    response = client.get(reverse("console:space_preview", args=[unpublished.slug]))
    assert response.status_code == 302 and "/connexion/" in response["Location"]


def test_the_maps_of_the_preview_read_the_concertation_s_contributions_for_its_officers_only(
    client, unpublished, process_officer, other_officer
):
    client.force_login(process_officer)
    data = reverse("web:private_proposals_data", args=[unpublished.slug])
    assert f'data-source="{data}"' in client.get(reverse("web:process", args=[unpublished.slug])).content.decode()
    response = client.get(data)
    proposal = Proposal.objects.get(title=TITLE)
    assert response.status_code == 200
    assert [feature["id"] for feature in json.loads(response.content)["features"]] == [proposal.pk]
    assert response["X-Robots-Tag"].startswith("noindex")
    assert client.get(reverse("web:private_annotations_data", args=[unpublished.slug])).status_code == 200
    client.force_login(other_officer)
    assert client.get(data).status_code == 404
