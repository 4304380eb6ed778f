"""What a reader sees of moderated content on the site, and reporting comments and annotations."""

import pytest
from django.utils import dateformat, timezone, translation

from geoparticipation.accounts.models import User
from geoparticipation.participation import services
from geoparticipation.participation.models import Comment, Proposal, Report

from ..factories import GRAND_PLACE_LILLE, make_process, make_proposal, point

pytestmark = pytest.mark.django_db


@pytest.fixture
def reporter(db):
    return User.objects.create_user("lucie@example.org", "Lucie du Vieux-Lille", "un-mot-de-passe-solide")


@pytest.fixture
def hidden_proposal(proposal, officer, reporter):
    services.report_create(reporter=reporter, target=proposal, reason="spam")
    services.content_hide(
        target=proposal, officer=officer, category="spam", reason="Démarchage commercial, contraire à la charte."
    )
    proposal.refresh_from_db()
    return proposal


def page_of(proposal):
    return f"/concertations/{proposal.process.slug}/propositions/{proposal.pk}/"


def french_date(moment):
    with translation.override("fr"):
        return dateformat.format(timezone.localtime(moment), "j F Y")


def test_a_hidden_proposal_is_gone_with_the_date_and_the_public_reason(client, hidden_proposal):
    response = client.get(page_of(hidden_proposal))

    assert response.status_code == 410
    page = response.content.decode()
    assert "Proposition masquée par la modération" in page
    assert f"masquée par la modération le {french_date(hidden_proposal.hidden_at)}" in page
    assert "Motif : Publicité ou spam." in page
    assert 'href="/pages/charte-de-participation/"' in page


def test_the_hidden_page_shows_neither_the_content_nor_who_wrote_reported_or_hid_it(client, hidden_proposal):
    page = client.get(page_of(hidden_proposal)).content.decode()

    for secret in ("Un abri vélo", "Devant la gare.", "Camille59", "Lucie du Vieux-Lille", "Agent MEL", "Démarchage"):
        assert secret not in page


def test_a_hidden_proposal_is_gone_for_its_author_and_officers_too(client, hidden_proposal, citizen, officer):
    for user in (citizen, officer):
        client.force_login(user)
        assert client.get(page_of(hidden_proposal)).status_code == 410


def test_an_unknown_id_and_an_unpublished_hidden_proposal_are_not_found(client, hidden_proposal):
    Proposal.objects.filter(pk=hidden_proposal.pk).update(published_at=None)

    assert client.get(page_of(hidden_proposal)).status_code == 404
    assert client.get(f"/concertations/plan-climat/propositions/{hidden_proposal.pk + 1000}/").status_code == 404


def test_a_hidden_proposal_under_another_concertation_is_not_found(client, hidden_proposal):
    make_process("autre-concertation")
    assert client.get(f"/concertations/autre-concertation/propositions/{hidden_proposal.pk}/").status_code == 404


def test_a_hidden_proposal_of_a_private_concertation_is_not_found_by_outsiders_but_explained_to_members(
    client, citizen, officer, reporter
):
    private = make_process("atelier-prive", is_private=True)
    private.members.add(citizen)
    proposal = make_proposal(private, citizen, title="Un sujet de l'atelier")
    services.content_hide(target=proposal, officer=officer, category="off_topic", reason="Hors sujet")

    assert client.get(page_of(proposal)).status_code == 404
    client.force_login(reporter)
    assert client.get(page_of(proposal)).status_code == 404
    client.force_login(citizen)
    assert client.get(page_of(proposal)).status_code == 410


def test_posting_to_a_hidden_proposal_changes_nothing(client, hidden_proposal, reporter):
    client.force_login(reporter)

    response = client.post(page_of(hidden_proposal), {"action": "comment", "body": "Encore là ?"})

    assert response.status_code == 410
    assert not Comment.objects.exists()


def test_the_title_of_a_hidden_proposal_appears_in_no_output(client, process, citizen, hidden_proposal):
    # The downloads are written by ogr2ogr on a connection of its own, which cannot see this test's transaction:
    # tests/opendata checks them on committed rows.
    make_proposal(process, citizen, title="Des bancs sur la place")
    pages = ["/", "/concertations/plan-climat/", "/communes/59350/", page_of(hidden_proposal)]
    feeds = [
        "/api/v1/proposals/",
        "/ogc/collections/proposals/items",
        "/wfs?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=proposals",
        "/wfs?SERVICE=WFS&VERSION=2.0.0&REQUEST=GetFeature&TYPENAMES=proposals&OUTPUTFORMAT=geojson",
    ]
    by_id = [f"/api/v1/proposals/{hidden_proposal.pk}/", f"/ogc/collections/proposals/items/{hidden_proposal.pk}"]
    for url in pages + feeds + by_id:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert "Un abri vélo".encode() not in body, url
        if url in feeds:
            assert b"Des bancs sur la place" in body, url


@pytest.fixture
def thread(proposal, citizen, officer):
    """Three comments on Camille's proposal; the second, by Bernard, hidden for personal data."""
    bernard = User.objects.create_user("bernard@example.org", "Bernard59", "un-mot-de-passe-solide")
    first = services.comment_create(author=citizen, target=proposal, body="Bonne idée.")
    hidden = services.comment_create(author=bernard, target=proposal, body="Appelez-moi au 06 00 00 00 00.")
    last = services.comment_create(author=citizen, target=proposal, body="Et des arceaux aussi.")
    services.content_hide(target=hidden, officer=officer, category="personal_data", reason="Numéro de téléphone")
    hidden.refresh_from_db()
    return first, hidden, last


def test_a_hidden_comment_leaves_a_notice_in_its_place_and_the_count_is_of_the_published_ones(client, proposal, thread):
    first, hidden, last = thread

    page = client.get(page_of(proposal)).content.decode()

    notice = f"Commentaire masqué par la modération le {french_date(hidden.hidden_at)} : Données personnelles"
    assert page.index("Bonne idée.") < page.index(notice) < page.index("Et des arceaux aussi.")
    assert "06 00 00 00 00" not in page
    assert "Bernard59" not in page
    assert "Numéro de téléphone" not in page
    proposal.refresh_from_db()
    assert proposal.comments_count == 2
    assert "2 commentaires" in page


def test_a_comment_is_reported_from_the_proposal_page_once_per_person(client, proposal, thread, reporter):
    first, _hidden, _last = thread
    client.force_login(reporter)

    response = client.post(page_of(proposal), {"action": "report_comment", "comment": first.pk, "reason": "spam"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#commentaire-{first.pk}")
    client.post(
        page_of(proposal),
        {"action": "report_comment", "comment": first.pk, "reason": "offensive", "details": "Insultant."},
    )

    [report] = Report.objects.all()
    assert (report.target, report.reporter, report.reason, report.details) == (
        first,
        reporter,
        "offensive",
        "Insultant.",
    )


def test_each_comment_has_its_own_report_form_for_logged_in_readers(client, proposal, thread, reporter):
    first, hidden, last = thread
    assert "Signaler ce commentaire" not in client.get(page_of(proposal)).content.decode()
    client.force_login(reporter)

    page = client.get(page_of(proposal)).content.decode()

    assert page.count("Signaler ce commentaire") == 2
    assert f'for="id_comment{first.pk}_reason"' in page
    assert f'for="id_comment{last.pk}_reason"' in page
    assert f'id_comment{hidden.pk}_reason"' not in page


def test_a_hidden_or_foreign_comment_cannot_be_reported(client, process, proposal, thread, reporter):
    _first, hidden, _last = thread
    elsewhere = make_proposal(process, reporter, title="Une autre")
    foreign = services.comment_create(author=reporter, target=elsewhere, body="Ailleurs.")
    client.force_login(reporter)

    for comment in (hidden, foreign):
        response = client.post(page_of(proposal), {"action": "report_comment", "comment": comment.pk, "reason": "spam"})
        assert response.status_code == 404
    for tampered in ("", "abc", "99999999999999999999"):
        response = client.post(page_of(proposal), {"action": "report_comment", "comment": tampered, "reason": "spam"})
        assert response.status_code == 404
    assert not Report.objects.exists()


def test_a_comment_report_with_an_unknown_reason_is_shown_again_with_the_message(client, proposal, thread, reporter):
    first, _hidden, _last = thread
    client.force_login(reporter)

    response = client.post(page_of(proposal), {"action": "report_comment", "comment": first.pk, "reason": "xxx"})

    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not Report.objects.exists()


@pytest.fixture
def annotation(process, citizen):
    return services.annotation_create(
        author=citizen,
        process=process,
        kind="probleme",
        comment="Trottoir trop étroit",
        geometry=point(*GRAND_PLACE_LILLE),
    )


def test_an_annotation_is_reported_from_the_map_page_once_per_person(client, annotation, reporter):
    client.force_login(reporter)
    page = client.get("/concertations/plan-climat/carte/").content.decode()
    assert "Signaler cette annotation" in page
    assert f'for="id_annotation{annotation.pk}_reason"' in page

    response = client.post(
        "/concertations/plan-climat/carte/", {"action": "report", "annotation": annotation.pk, "reason": "off_topic"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#annotation-{annotation.pk}")
    client.post(
        "/concertations/plan-climat/carte/", {"action": "report", "annotation": annotation.pk, "reason": "spam"}
    )

    [report] = Report.objects.all()
    assert (report.target, report.reporter, report.reason) == (annotation, reporter, "spam")


def test_reporting_an_annotation_leads_back_to_the_page_of_the_list_it_was_on(client, annotation, reporter):
    client.force_login(reporter)

    response = client.post(
        "/concertations/plan-climat/carte/?page=1", {"action": "report", "annotation": annotation.pk, "reason": "spam"}
    )

    assert response["Location"] == f"/concertations/plan-climat/carte/?page=1#annotation-{annotation.pk}"


def test_a_hidden_annotation_or_one_of_another_concertation_cannot_be_reported(
    client, annotation, officer, reporter, citizen
):
    other = make_process("autre-concertation")
    elsewhere = services.annotation_create(
        author=citizen, process=other, kind="idee", comment="Ailleurs", geometry=point(*GRAND_PLACE_LILLE)
    )
    services.content_hide(target=annotation, officer=officer, category="off_topic", reason="Hors sujet")
    client.force_login(reporter)

    for target in (annotation, elsewhere):
        response = client.post(
            "/concertations/plan-climat/carte/", {"action": "report", "annotation": target.pk, "reason": "spam"}
        )
        assert response.status_code == 404
    assert not Report.objects.exists()


def test_an_annotation_of_a_private_concertation_is_reported_by_members_only(client, citizen, reporter):
    private = make_process("atelier-prive", is_private=True)
    private.members.add(citizen)
    annotation = services.annotation_create(
        author=citizen, process=private, kind="idee", comment="Entre membres", geometry=point(*GRAND_PLACE_LILLE)
    )
    report = {"action": "report", "annotation": annotation.pk, "reason": "spam"}

    client.force_login(reporter)
    assert client.post("/concertations/atelier-prive/carte/", report).status_code == 404
    client.force_login(citizen)
    assert client.post("/concertations/atelier-prive/carte/", report).status_code == 302
    assert Report.objects.get().reporter == citizen


def test_an_annotation_report_with_an_unknown_reason_says_so_and_reports_nothing(client, annotation, reporter):
    client.force_login(reporter)

    response = client.post(
        "/concertations/plan-climat/carte/", {"action": "report", "annotation": annotation.pk, "reason": "xxx"}
    )

    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not Report.objects.exists()


def test_a_visitor_is_sent_to_log_in_before_reporting(client, annotation, proposal, thread):
    first, _hidden, _last = thread
    assert "Signaler cette annotation" not in client.get("/concertations/plan-climat/carte/").content.decode()

    responses = [
        client.post("/concertations/plan-climat/carte/", {"action": "report", "annotation": annotation.pk}),
        client.post(page_of(proposal), {"action": "report_comment", "comment": first.pk, "reason": "spam"}),
    ]

    assert all(r.status_code == 302 and "/comptes/connexion/" in r["Location"] for r in responses)
    assert not Report.objects.exists()


def test_reports_of_comments_and_annotations_on_the_site_share_the_rate_of_reports(
    settings, client, proposal, thread, annotation, reporter
):
    settings.RATE_LIMITS = {"reports": "1/min"}
    first, _hidden, last = thread
    client.force_login(reporter)

    allowed = client.post(page_of(proposal), {"action": "report_comment", "comment": first.pk, "reason": "spam"})
    refused = [
        client.post(page_of(proposal), {"action": "report_comment", "comment": last.pk, "reason": "spam"}),
        client.post(
            "/concertations/plan-climat/carte/", {"action": "report", "annotation": annotation.pk, "reason": "spam"}
        ),
    ]

    assert allowed.status_code == 302
    assert [r.status_code for r in refused] == [429, 429]
    assert all("Trop de demandes en peu de temps" in r.content.decode() for r in refused)
    assert [r.target for r in Report.objects.all()] == [first]


def test_the_notices_are_translated_on_the_english_site(client, hidden_proposal, process, citizen, officer):
    other = make_proposal(process, citizen, title="Une autre")
    comment = services.comment_create(author=citizen, target=other, body="Mon numéro : 06 00 00 00 00")
    services.content_hide(target=comment, officer=officer, category="personal_data", reason="Numéro")
    client.cookies["django_language"] = "en"

    assert "Proposal hidden by moderation" in client.get(page_of(hidden_proposal)).content.decode()
    assert "Comment hidden by moderation on " in client.get(page_of(other)).content.decode()
