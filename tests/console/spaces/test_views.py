"""The dashboard, the list of concertations and a concertation's space, as each role finds them."""

import datetime
import html
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from geoparticipation.participation.models import Process, Proposal, Theme
from geoparticipation.territory.models import Commune
from tests.factories import make_meeting, set_phases

SPACE_PAGES = (
    "console:space",
    "console:space_presentation",
    "console:space_calendar",
    "console:space_territory",
)


def text(response):
    return html.unescape(response.content.decode())


def as_user(client, user):
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def people(administrator, process_officer, other_officer, commune_officer, citizen):
    return {
        "administrator": administrator,
        "process_officer": process_officer,
        "other_officer": other_officer,
        "commune_officer": commune_officer,
        "citizen": citizen,
        "anonymous": None,
    }


EXPECTED_SPACE = {
    "administrator": 200,
    "process_officer": 200,
    "other_officer": 403,
    "commune_officer": 403,
    "citizen": 403,
    "anonymous": 302,
}


@pytest.mark.parametrize("name", SPACE_PAGES)
@pytest.mark.parametrize("who", EXPECTED_SPACE)
def test_a_space_page_opens_to_its_officers_only(client, people, process, name, who):
    response = as_user(client, people[who]).get(reverse(name, args=[process.slug]))
    assert response.status_code == EXPECTED_SPACE[who]


@pytest.mark.parametrize(
    "name,expected",
    [
        (
            "console:dashboard",
            {
                "administrator": 200,
                "process_officer": 200,
                "other_officer": 200,
                "commune_officer": 200,
                "citizen": 403,
                "anonymous": 302,
            },
        ),
        (
            "console:processes",
            {
                "administrator": 200,
                "process_officer": 200,
                "other_officer": 200,
                "commune_officer": 403,
                "citizen": 403,
                "anonymous": 302,
            },
        ),
        (
            "console:process_create",
            {
                "administrator": 200,
                "process_officer": 403,
                "other_officer": 403,
                "commune_officer": 403,
                "citizen": 403,
                "anonymous": 302,
            },
        ),
    ],
)
def test_the_console_sections_open_by_role(client, people, name, expected):
    for who, status in expected.items():
        client.logout()
        assert as_user(client, people[who]).get(reverse(name)).status_code == status, who


@pytest.mark.parametrize("who", EXPECTED_SPACE)
def test_only_its_officers_publish_a_concertation(client, people, process, who):
    Process.objects.filter(pk=process.pk).update(published=False)
    response = as_user(client, people[who]).post(
        reverse("console:space_publish", args=[process.slug]), {"published": "1"}
    )
    assert response.status_code == {**EXPECTED_SPACE, "administrator": 302, "process_officer": 302}[who]
    process.refresh_from_db()
    assert process.published is (who in ("administrator", "process_officer"))


def test_publish_is_a_post_only(client, process_officer, process):
    client.force_login(process_officer)
    assert client.get(reverse("console:space_publish", args=[process.slug])).status_code == 405


def test_the_dashboard_lists_the_officers_concertations_with_their_day(
    client, process_officer, process, other_process, proposal
):
    client.force_login(process_officer)
    response = client.get(reverse("console:dashboard"))
    rows = list(response.context["processes"])
    assert rows == [process]
    assert rows[0].new_proposals == 1
    assert response.context["figures"].proposals == 1
    assert "plan-climat" in response.content.decode() or process.title in response.content.decode()


def test_a_commune_officer_sees_its_communes_figures_only(client, commune_officer, proposal):
    client.force_login(commune_officer)
    response = client.get(reverse("console:dashboard"))
    assert response.context["processes"] == []
    assert response.context["figures"].proposals == 1
    assert "Vos concertations" not in response.content.decode()


def test_the_dashboard_puts_a_phase_ending_soon_and_a_meeting_without_report_first(
    client, process_officer, process, citizen
):
    set_phases(process, ("Dernière ligne droite", -10, 3, {}))
    meeting = make_meeting(process, ended=True)
    client.force_login(process_officer)
    page = client.get(reverse("console:dashboard")).content.decode()
    assert "Dernière ligne droite" in page
    assert meeting.title in page


def test_the_dashboard_takes_a_handful_of_queries_whatever_the_concertations(
    client, administrator, django_assert_max_num_queries
):
    from tests.factories import make_process

    for n in range(6):
        make_process(f"concertation-{n}")
    client.force_login(administrator)
    with django_assert_max_num_queries(20):
        client.get(reverse("console:dashboard"))


def test_an_administrator_creates_an_unpublished_concertation_with_a_slug_from_its_title(client, administrator):
    client.force_login(administrator)
    response = client.post(reverse("console:process_create"), {"title": "Les berges de la Deûle", "subtitle": ""})
    process = Process.objects.get(slug="les-berges-de-la-deule")
    assert response.url == reverse("console:space", args=[process.slug])
    assert process.published is False


def test_a_taken_slug_is_a_french_form_error(client, administrator, process):
    client.force_login(administrator)
    response = client.post(reverse("console:process_create"), {"title": "Autre", "slug": process.slug})
    assert response.status_code == 200
    assert "déjà celle d'une autre concertation" in text(response)


def test_the_presentation_previews_markdown_without_saving(client, process_officer, process):
    client.force_login(process_officer)
    url = reverse("console:space_presentation", args=[process.slug])
    response = client.post(
        url, {"title": process.title, "presentation": "Un **vélo** <script>x</script>", "apercu": "1"}
    )
    page = response.content.decode()
    assert "<strong>vélo</strong>" in page
    assert "<script>x" not in page
    process.refresh_from_db()
    assert "vélo" not in process.presentation


def png(size=(40, 30)):
    out = io.BytesIO()
    Image.new("RGB", size, "red").save(out, "PNG")
    out.seek(0)
    out.name = "affiche.png"
    return out


def test_the_presentation_saves_themes_a_new_theme_and_an_image_with_its_alternative(
    client, process_officer, process, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    theme = Theme.objects.create(slug="eau", name="Eau")
    client.force_login(process_officer)
    url = reverse("console:space_presentation", args=[process.slug])
    response = client.post(
        url,
        {
            "title": "Plan climat",
            "themes": [theme.pk],
            "new_theme": "Arbres en ville",
            "image_upload": png(),
            "image_alt": "Une affiche rouge",
        },
    )
    assert response.status_code == 302
    process.refresh_from_db()
    assert sorted(process.themes.values_list("name", flat=True)) == ["Arbres en ville", "Eau"]
    assert process.image.name.endswith(".png") and process.image_alt == "Une affiche rouge"
    image = client.get(reverse("console:process_image", args=[process.slug]))
    assert image.status_code == 200 and image["Content-Type"] == "image/png"


def test_an_image_needs_its_alternative_text_and_must_be_an_image(client, process_officer, process, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(process_officer)
    url = reverse("console:space_presentation", args=[process.slug])
    page = text(client.post(url, {"title": "Plan climat", "image_upload": png()}))
    assert "Décrivez l'image" in page
    fake = io.BytesIO(b"pas une image")
    fake.name = "faux.png"
    page = text(client.post(url, {"title": "Plan climat", "image_upload": fake, "image_alt": "x"}))
    assert "n'est pas une image JPEG ou PNG" in page


def calendar_data(process, rows):
    data = {
        "phases-TOTAL_FORMS": len(rows),
        "phases-INITIAL_FORMS": sum(1 for r in rows if r.get("id")),
        "phases-MIN_NUM_FORMS": 0,
        "phases-MAX_NUM_FORMS": 1000,
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"phases-{i}-{key}"] = value
    return data


def test_the_calendar_adds_reorders_and_removes_phases(client, process_officer, process):
    process.phases.all().delete()
    client.force_login(process_officer)
    url = reverse("console:space_calendar", args=[process.slug])
    data = calendar_data(
        process,
        [
            {
                "position": 1,
                "title": "Idées",
                "start_date": "2027-01-01",
                "end_date": "2027-01-31",
                "allows_proposals": "on",
            },
            {
                "position": 2,
                "title": "Vote",
                "start_date": "2027-02-01",
                "end_date": "2027-02-28",
                "allows_supports": "on",
            },
        ],
    )
    assert client.post(url, data).status_code == 302
    idees, vote = process.phases.order_by("position")
    assert idees.allows_proposals and not idees.allows_supports and vote.allows_supports
    swapped = calendar_data(
        process,
        [
            {"id": idees.pk, "position": 2, "title": "Idées", "start_date": "2027-01-01", "end_date": "2027-01-31"},
            {
                "id": vote.pk,
                "position": 1,
                "title": "Vote",
                "start_date": "2027-02-01",
                "end_date": "2027-02-28",
                "DELETE": "on",
            },
        ],
    )
    assert client.post(url, swapped).status_code == 302
    assert list(process.phases.values_list("title", "position")) == [("Idées", 2)]


def test_the_calendar_refuses_reversed_dates_and_a_shared_order_in_french(client, process_officer, process):
    process.phases.all().delete()
    client.force_login(process_officer)
    url = reverse("console:space_calendar", args=[process.slug])
    data = calendar_data(
        process,
        [
            {"position": 1, "title": "A", "start_date": "2027-02-01", "end_date": "2027-01-01"},
            {"position": 1, "title": "B", "start_date": "2027-02-01", "end_date": "2027-03-01"},
        ],
    )
    page = client.post(url, data).content.decode()
    assert "La phase doit se terminer après son début." in page
    assert not process.phases.exists()
    data["phases-0-end_date"] = "2027-03-01"
    page = client.post(url, data).content.decode()
    assert "Deux phases ont le même ordre" in page


def test_the_territory_is_a_subset_of_communes_or_the_whole_metropolis(client, process_officer, process):
    client.force_login(process_officer)
    url = reverse("console:space_territory", args=[process.slug])
    lille, roubaix = Commune.objects.get(insee="59350"), Commune.objects.get(insee="59512")
    assert client.post(url, {"whole": "some", "communes": [lille.pk, roubaix.pk]}).status_code == 302
    assert set(process.communes.all()) == {lille, roubaix}
    assert "Cochez au moins une commune" in client.post(url, {"whole": "some"}).content.decode()
    assert client.post(url, {"whole": "all", "communes": [lille.pk]}).status_code == 302
    assert not process.communes.exists()


def test_the_preview_shows_an_unpublished_concertation_to_its_officer_and_not_to_a_citizen(
    client, process_officer, process
):
    Process.objects.filter(pk=process.pk).update(published=False)
    assert client.get(reverse("web:process", args=[process.slug])).status_code == 404
    client.force_login(process_officer)
    page = client.get(reverse("console:space_preview", args=[process.slug]), follow=True).content.decode()
    assert (
        "Aperçu : cette concertation n&#x27;est pas publiée" in page
        or "Aperçu : cette concertation n'est pas publiée" in page
    )
    assert process.title in page


def test_the_image_of_an_unpublished_concertation_is_not_found_for_a_citizen(
    client, citizen, process, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    process.image.save("a.png", png(), save=False)
    process.published = False
    process.save()
    client.force_login(citizen)
    assert client.get(reverse("console:process_image", args=[process.slug])).status_code == 404


def test_the_public_page_shows_the_image_with_its_alternative_text(client, process, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    process.image.save("a.png", png(), save=False)
    process.image_alt = "Les quais au soleil"
    process.save()
    page = text(client.get(reverse("web:process", args=[process.slug])))
    assert f'src="{reverse("console:process_image", args=[process.slug])}" alt="Les quais au soleil"' in page
    assert client.get(reverse("console:process_image", args=[process.slug])).status_code == 200


def test_the_dashboard_counts_the_answers_due_and_overdue_of_each_concertation(client, process_officer, proposal):
    Proposal.objects.filter(pk=proposal.pk).update(published_at=timezone.now() - datetime.timedelta(days=40))
    client.force_login(process_officer)
    response = client.get(reverse("console:dashboard"))
    row = list(response.context["processes"])[0]
    assert (row.answers_awaiting, row.answers_overdue) == (1, 1)
    assert response.context["priorities"]["overdue"] == [proposal]
