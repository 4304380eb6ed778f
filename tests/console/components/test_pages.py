"""The components' pages for each role, and what the officer does there without a browser: meetings placed in the
territory, closing reports, debates closed with a conclusion, news published."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from geoparticipation.debates.models import Debate
from geoparticipation.news.models import Article
from geoparticipation.participation.models import Meeting, MeetingRegistration
from tests.factories import GRAND_PLACE_LILLE, OUTSIDE_TERRITORY, make_meeting, make_proposal

ROLES = {
    "administrator": 200,
    "process_officer": 200,
    "other_officer": 403,
    "commune_officer": 403,
    "citizen": 403,
}


@pytest.fixture
def meeting(process):
    return make_meeting(process, ended=True)


@pytest.fixture
def debate(process):
    return Debate.objects.create(process=process, title="Faut-il piétonniser ?", published_at=timezone.now())


@pytest.fixture
def article(process):
    return Article.objects.create(process=process, title="Lancement", slug="lancement", body="Le texte.")


def _urls(process, meeting, debate, article):
    s = process.slug
    return [
        reverse("console:space_meetings", args=[s]),
        reverse("console:space_meeting_create", args=[s]),
        reverse("console:space_meeting_edit", args=[s, meeting.pk]),
        reverse("console:space_meeting_report", args=[s, meeting.pk]),
        reverse("console:space_meeting_registrations", args=[s, meeting.pk]),
        reverse("console:space_meeting_registrations_csv", args=[s, meeting.pk]),
        reverse("console:space_debates", args=[s]),
        reverse("console:space_debate_create", args=[s]),
        reverse("console:space_debate_edit", args=[s, debate.pk]),
        reverse("console:space_debate_close", args=[s, debate.pk]),
        reverse("console:space_news", args=[s]),
        reverse("console:space_article_create", args=[s]),
        reverse("console:space_article_edit", args=[s, article.pk]),
    ]


@pytest.mark.parametrize("role, status", ROLES.items())
def test_only_the_spaces_officers_and_administrators_open_the_components(
    request, client, process, meeting, debate, article, role, status
):
    client.force_login(request.getfixturevalue(role))
    for url in _urls(process, meeting, debate, article):
        assert client.get(url).status_code == status, url


@pytest.mark.parametrize("role, status", ROLES.items())
def test_only_they_create_a_meeting_or_close_a_debate(request, client, process, debate, role, status):
    client.force_login(request.getfixturevalue(role))
    created = client.post(reverse("console:space_meeting_create", args=[process.slug]), _meeting_data())
    closed = client.post(reverse("console:space_debate_close", args=[process.slug, debate.pk]), {"conclusion": "Fin."})
    assert created.status_code == closed.status_code == (302 if status == 200 else 403)
    debate.refresh_from_db()
    assert Meeting.objects.exists() is (status == 200)
    assert (debate.state == Debate.State.CLOSED) is (status == 200)


@pytest.mark.parametrize("role, status", ROLES.items())
def test_only_they_post_a_closing_report_or_publish_news(request, client, process, meeting, article, role, status):
    client.force_login(request.getfixturevalue(role))
    report = client.post(
        reverse("console:space_meeting_report", args=[process.slug, meeting.pk]), {"report": "Compte rendu."}
    )
    publish = client.post(reverse("console:space_article_publish", args=[process.slug, article.pk]), {"published": "1"})
    assert report.status_code == (302 if status == 200 else 403)
    assert publish.status_code == (302 if status == 200 else 403)
    meeting.refresh_from_db()
    article.refresh_from_db()
    assert bool(meeting.report) is (status == 200)
    assert article.published is (status == 200)


def test_an_anonymous_visitor_goes_to_the_login_page(client, process, meeting, debate, article):
    for url in _urls(process, meeting, debate, article):
        response = client.get(url)
        assert response.status_code == 302 and "/comptes/connexion/" in response["Location"], url
    publish = client.post(reverse("console:space_article_publish", args=[process.slug, article.pk]), {"published": "1"})
    assert publish.status_code == 302
    article.refresh_from_db()
    assert not article.published


def _meeting_data(where=GRAND_PLACE_LILLE, **extra):
    start = timezone.localtime() + datetime.timedelta(days=3)
    return {
        "title": "Atelier mobilité",
        "description": "On parle vélo.",
        "start_time": start.strftime("%Y-%m-%dT%H:%M"),
        "end_time": (start + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "address": "Place du Général de Gaulle, Lille",
        "lon": where[0],
        "lat": where[1],
        **extra,
    }


def test_an_officer_creates_a_meeting_placed_in_the_territory(client, process, process_officer):
    client.force_login(process_officer)
    response = client.post(
        reverse("console:space_meeting_create", args=[process.slug]),
        _meeting_data(takes_registrations="on", capacity="30"),
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(title="Atelier mobilité")
    assert meeting.process == process and meeting.published_at and meeting.capacity == 30
    assert meeting.commune.nom == "Lille"


def test_a_meeting_outside_the_territory_is_refused_with_a_message(client, process, process_officer):
    client.force_login(process_officer)
    response = client.post(
        reverse("console:space_meeting_create", args=[process.slug]), _meeting_data(where=OUTSIDE_TERRITORY)
    )
    assert response.status_code == 400
    assert "en dehors du territoire de la métropole" in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_meeting_takes_registrations_on_the_site_or_elsewhere_not_both(client, process, process_officer):
    client.force_login(process_officer)
    response = client.post(
        reverse("console:space_meeting_create", args=[process.slug]),
        _meeting_data(takes_registrations="on", registration_url="https://example.org/inscription"),
    )
    assert response.status_code == 400
    assert "pas les deux" in response.content.decode()


def test_the_new_meetings_pin_starts_inside_the_territory(client, process, process_officer):
    client.force_login(process_officer)
    form = client.get(reverse("console:space_meeting_create", args=[process.slug])).context["form"]
    assert form.initial["lon"] and form.initial["lat"]


def test_the_list_puts_past_meetings_without_report_first(client, process, process_officer):
    make_meeting(process, title="À venir")
    make_meeting(process, ended=True, title="Sans compte rendu")
    client.force_login(process_officer)
    page = client.get(reverse("console:space_meetings", args=[process.slug])).content.decode()
    assert page.index("Sans compte rendu") < page.index("À venir")
    assert "Rédiger le compte rendu" in page


def test_the_report_of_a_meeting_to_come_is_refused(client, process, process_officer):
    meeting = make_meeting(process)
    client.force_login(process_officer)
    response = client.post(
        reverse("console:space_meeting_report", args=[process.slug, meeting.pk]), {"report": "Trop tôt."}
    )
    assert response.status_code == 400
    assert "qu&#x27;après la fin de la réunion" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.report == ""


def test_the_registrations_csv_has_pseudonyms_and_emails(client, process, process_officer, citizen):
    meeting = make_meeting(process, takes_registrations=True)
    MeetingRegistration.objects.create(meeting=meeting, user=citizen)
    client.force_login(process_officer)
    listing = client.get(reverse("console:space_meeting_registrations", args=[process.slug, meeting.pk]))
    assert "Camille59" in listing.content.decode() and "1 inscrit" in listing.content.decode()
    response = client.get(reverse("console:space_meeting_registrations_csv", args=[process.slug, meeting.pk]))
    body = b"".join(response.streaming_content).decode()
    assert "pseudonyme,e-mail" in body and "Camille59,camille@example.org" in body


def test_closing_a_debate_needs_its_conclusion(client, process, process_officer, debate):
    client.force_login(process_officer)
    url = reverse("console:space_debate_close", args=[process.slug, debate.pk])
    assert client.post(url, {"conclusion": " "}).status_code == 400
    debate.refresh_from_db()
    assert debate.state == Debate.State.OPEN
    assert client.post(url, {"conclusion": "Nous piétonnisons la rue."}).status_code == 302
    debate.refresh_from_db()
    assert debate.state == Debate.State.CLOSED and debate.concluded_at


def test_an_officer_writes_a_draft_article_then_publishes_it(client, process, process_officer):
    client.force_login(process_officer)
    response = client.post(
        reverse("console:space_article_create", args=[process.slug]),
        {"title": "Réunion de lancement", "body": "## Le programme", "image-position": "0"},
    )
    assert response.status_code == 302
    article = Article.objects.get(title="Réunion de lancement")
    assert article.process == process and not article.published and article.slug == "reunion-de-lancement"
    client.post(reverse("console:space_article_publish", args=[process.slug, article.pk]), {"published": "1"})
    article.refresh_from_db()
    assert article.published


def test_the_pages_stay_within_their_queries(client, process, process_officer, django_assert_max_num_queries):
    for n in range(5):
        make_meeting(process, ended=bool(n % 2), title=f"Réunion {n}", takes_registrations=True)
    client.force_login(process_officer)
    with django_assert_max_num_queries(15):
        client.get(reverse("console:space_meetings", args=[process.slug]))


def test_the_report_links_proposals_of_the_concertation_only(client, process, other_process, process_officer, citizen):
    meeting = make_meeting(process, ended=True)
    ours = make_proposal(process, citizen)
    theirs = make_proposal(other_process, citizen, title="Ailleurs")
    client.force_login(process_officer)
    url = reverse("console:space_meeting_report", args=[process.slug, meeting.pk])
    refused = client.post(url, {"report": "Compte rendu.", "report_proposals": f"{ours.pk}, {theirs.pk}"})
    assert refused.status_code == 400 and "« Ailleurs »" in refused.content.decode()
    assert client.post(url, {"report": "Compte rendu.", "report_proposals": "abc"}).status_code == 400
    assert client.post(url, {"report": "Compte rendu.", "report_proposals": str(ours.pk)}).status_code == 302
    assert list(meeting.report_proposals.all()) == [ours]


def test_each_list_of_meetings_pages_on_its_own(client, process, process_officer):
    start = timezone.now() + datetime.timedelta(days=2)
    geom = make_meeting(process, title="Modèle").geom
    Meeting.objects.bulk_create(
        Meeting(
            process=process,
            title=f"Réunion {n:02d}",
            start_time=start + datetime.timedelta(days=n),
            end_time=start + datetime.timedelta(days=n, hours=2),
            address="Lille",
            geom=geom,
            published_at=timezone.now(),
        )
        for n in range(26)
    )
    client.force_login(process_officer)
    url = reverse("console:space_meetings", args=[process.slug])
    first = client.get(url).content.decode()
    assert "?a-venir=2" in first and "Réunion 24" not in first
    second = client.get(url, {"a-venir": 2}).content.decode()
    assert "Réunion 25" in second


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(buffer, "PNG")
    return SimpleUploadedFile("parc.png", buffer.getvalue(), content_type="image/png")


def test_an_articles_image_needs_its_alternative_text(client, process, process_officer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(process_officer)
    url = reverse("console:space_article_create", args=[process.slug])
    data = {"title": "Le parc", "body": "Un parc.", "image-position": "0"}
    refused = client.post(url, {**data, "image-upload": _png()})
    assert refused.status_code == 400 and "texte alternatif obligatoire" in refused.content.decode()
    assert not Article.objects.exists()
    assert client.post(url, {**data, "image-upload": _png(), "image-alt_text": "Un parc vert"}).status_code == 302
    image = Article.objects.get().files.get()
    assert image.is_image and image.alt_text == "Un parc vert"
