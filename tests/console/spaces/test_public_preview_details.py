"""The officers' preview reaches the detail pages its tabs link (a proposal, a debate, a questionnaire and its results,
a news article): for those who run the space only, with the banner, read-only, and a forged POST stores nothing."""

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from geoparticipation.debates import services as debates
from geoparticipation.debates.models import Argument, ArgumentSupport, Debate
from geoparticipation.news.models import Article
from geoparticipation.participation import services
from geoparticipation.participation.models import Comment, Follow, MeetingRegistration, Process, Report, Support
from geoparticipation.surveys.models import Response
from tests.factories import GRAND_PLACE_LILLE, make_meeting, make_proposal, point
from tests.surveys.factories import answers_at, make_survey

pytestmark = pytest.mark.django_db

BANNER = "Aperçu : cette concertation n'est pas publiée ; seuls ses agents la voient."
CLOSED = "Aperçu : les contributions ouvriront à la publication."
DETAILS = ("proposal", "debate", "survey", "results", "article")
OTHERS = ["other_officer", "commune_officer", "citizen", None]


@pytest.fixture
def prepared(process, citizen, officer):
    """« plan-climat » with a proposal (and a comment), a debate (and an argument), a survey, a news article, a meeting,
    and a hidden proposal; then unpublished."""
    proposal = make_proposal(process, citizen, title="Un abri vélo couvert rue Solférino")
    comment = services.comment_create(author=citizen, target=proposal, body="Bonne idée, près de la gare.")
    hidden = make_proposal(process, citizen, title="Un texte masqué par la modération")
    services.content_hide(target=hidden, officer=officer, category="offensive", reason="Insulte.")
    debate = Debate.objects.create(
        process=process,
        title="Faut-il piétonniser la Grand-Place ?",
        description="Le samedi et le dimanche.",
        geom=point(*GRAND_PLACE_LILLE),
        published_at=timezone.now(),
    )
    argument = debates.argument_create(author=citizen, debate=debate, stance="for", body="Moins de bruit.")
    survey = make_survey(process, kinds=("single", "text"))
    article = Article.objects.create(
        slug="atelier-des-berges",
        title="L'atelier des berges est ouvert",
        body="Le **texte** de l'actualité.",
        process=process,
        published=True,
        published_at=timezone.now() - datetime.timedelta(days=1),
    )
    meeting = make_meeting(process, title="Atelier des berges", takes_registrations=True)
    Process.objects.filter(pk=process.pk).update(published=False)
    process.refresh_from_db()
    return {
        "process": process,
        "proposal": proposal,
        "comment": comment,
        "hidden": hidden,
        "debate": debate,
        "argument": argument,
        "survey": survey,
        "article": article,
        "meeting": meeting,
    }


def url(prepared, kind):
    slug = prepared["process"].slug
    return {
        "proposal": lambda: reverse("web:proposal", args=[slug, prepared["proposal"].pk]),
        "debate": lambda: reverse("debates:detail", args=[slug, prepared["debate"].pk]),
        "survey": lambda: reverse("surveys:detail", args=[slug, prepared["survey"].slug]),
        "results": lambda: reverse("surveys:results", args=[slug, prepared["survey"].slug]),
        "article": lambda: reverse("news:article", args=[prepared["article"].slug]),
    }[kind]()


TITLES = {
    "proposal": "Un abri vélo couvert rue Solférino",
    "debate": "Faut-il piétonniser la Grand-Place ?",
    "survey": "Vos déplacements",
    "results": "Vos déplacements",
    "article": "L'atelier des berges est ouvert",
}


def text(response):
    return html.unescape(response.content.decode())


@pytest.mark.parametrize("role", ["process_officer", "administrator"])
@pytest.mark.parametrize("kind", DETAILS)
def test_those_who_run_the_space_see_each_detail_page_with_the_banner(client, request, prepared, role, kind):
    client.force_login(request.getfixturevalue(role))
    response = client.get(url(prepared, kind))
    assert response.status_code == 200
    page = text(response)
    assert BANNER in page and TITLES[kind] in page
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Cache-Control"] == "private, no-store"
    main = page[page.index("<main") : page.index("</main>")]
    assert 'method="post"' not in main


@pytest.mark.parametrize("role", OTHERS)
@pytest.mark.parametrize("kind", DETAILS)
def test_everyone_else_finds_no_detail_page(client, request, prepared, role, kind):
    if role:
        client.force_login(request.getfixturevalue(role))
    response = client.get(url(prepared, kind))
    if role is None and kind == "survey":
        # A questionnaire asks to log in first, as for any concertation: the login page shows nothing of it.
        assert response.status_code == 302 and "/connexion/" in response["Location"]
    else:
        assert response.status_code == 404
    assert TITLES[kind] not in text(response)


def test_the_detail_pages_show_what_members_will_see_without_any_form(client, prepared, process_officer):
    client.force_login(process_officer)
    proposal = text(client.get(url(prepared, "proposal")))
    assert "Bonne idée, près de la gare." in proposal and CLOSED in proposal
    for absent in ("Soutenir", "Suivre", "Publier mon commentaire", "Signaler", "Répondre"):
        assert f">{absent}<" not in proposal
    debate = text(client.get(url(prepared, "debate")))
    assert "Moins de bruit." in debate and CLOSED in debate and "Publier mon argument" not in debate
    survey = text(client.get(url(prepared, "survey")))
    assert "Question single" in survey and CLOSED in survey and "Envoyer mes réponses" not in survey
    assert '<fieldset class="survey-preview" disabled>' in survey


@pytest.mark.parametrize("tab", ["web:meetings", "web:annotations"])
def test_the_tabs_with_forms_show_none_in_the_preview(client, prepared, process_officer, tab):
    client.force_login(process_officer)
    page = text(client.get(reverse(tab, args=[prepared["process"].slug])))
    main = page[page.index("<main") : page.index("</main>")]
    assert CLOSED in main and 'method="post"' not in main and "data-draw" not in main


def test_hidden_content_stays_hidden_in_the_preview(client, prepared, process_officer, officer):
    client.force_login(process_officer)
    response = client.get(reverse("web:proposal", args=[prepared["process"].slug, prepared["hidden"].pk]))
    # The notice its members will see, not the content.
    assert response.status_code == 410 and BANNER in text(response)
    assert "Un texte masqué" not in text(response) and "Insulte" not in text(response)
    assert response["Cache-Control"] == "private, no-store"
    listed = text(client.get(reverse("web:process", args=[prepared["process"].slug])))
    assert "Un abri vélo couvert" in listed and "Un texte masqué" not in listed
    debate = Debate.objects.create(
        process=prepared["process"], title="Un débat masqué", description="Non.", published_at=timezone.now()
    )
    services.content_hide(target=debate, officer=officer, category="offensive", reason="Hors sujet.")
    response = client.get(reverse("debates:detail", args=[prepared["process"].slug, debate.pk]))
    assert response.status_code == 410 and BANNER in text(response) and "Un débat masqué" not in text(response)


@pytest.mark.parametrize("role", OTHERS)
def test_the_hidden_notice_is_no_clue_for_anyone_else(client, request, prepared, role):
    if role:
        client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("web:proposal", args=[prepared["process"].slug, prepared["hidden"].pk]))
    assert response.status_code == 404


def test_the_argument_link_leads_to_its_place_in_the_preview(client, prepared, process_officer, citizen):
    slug, debate, argument = prepared["process"].slug, prepared["debate"], prepared["argument"]
    link = reverse("debates:argument", args=[slug, debate.pk, argument.pk])
    client.force_login(process_officer)
    response = client.get(link)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("debates:detail", args=[slug, debate.pk]))
    assert f"argument-{argument.pk}" in response["Location"]
    client.force_login(citizen)
    assert client.get(client.get(link)["Location"]).status_code == 404


def forged_posts(prepared):
    """Each action of the detail pages (and the meetings' registration), as a form would post it."""
    slug, comment, argument = prepared["process"].slug, prepared["comment"], prepared["argument"]
    proposal = url(prepared, "proposal")
    debate = url(prepared, "debate")
    report = {"reason": "spam", "details": "Depuis l'aperçu"}
    survey = prepared["survey"]
    answers = answers_at(survey, *GRAND_PLACE_LILLE)
    return [
        (proposal, {"action": "support"}),
        (proposal, {"action": "follow"}),
        (proposal, {"action": "comment", "body": "Depuis l'aperçu"}),
        (proposal, {"action": "reply", "comment": comment.pk, "body": "Depuis l'aperçu"}),
        (proposal, {"action": "vote", "comment": comment.pk, "vote": "pour"}),
        (proposal, {"action": "report", **report}),
        (proposal, {"action": "report_comment", "comment": comment.pk, **report}),
        (debate, {"action": "argument", "stance": "for", "body": "Depuis l'aperçu"}),
        (debate, {"action": "reply", "parent": argument.pk, "body": "Depuis l'aperçu"}),
        (debate, {"action": "support", "argument": argument.pk}),
        (debate, {"action": "follow"}),
        (debate, {"action": "report", **report}),
        (debate, {"action": "report_argument", "argument": argument.pk, **report}),
        (url(prepared, "survey"), {f"question-{pk}": value for pk, value in answers.items() if isinstance(value, int)}),
        (reverse("web:meeting_registration", args=[slug, prepared["meeting"].pk]), {"action": "register"}),
    ]


def stored():
    return [
        model.objects.count()
        for model in (Support, Follow, Comment, Report, Argument, ArgumentSupport, Response, MeetingRegistration)
    ]


@pytest.mark.parametrize("role", ["process_officer", "administrator"])
def test_a_forged_post_of_each_action_is_refused_and_stores_nothing(client, request, prepared, role):
    client.force_login(request.getfixturevalue(role))
    before = stored()
    for address, data in forged_posts(prepared):
        response = client.post(address, data)
        assert response.status_code in (403, 404), (address, data, response.status_code)
    assert stored() == before
