"""Every page of the console, listed from the URL resolver, in Chromium on a tablet (768 px) and at 1,366 px: each one
answers 200, fits its width, has one h1 and no serious or critical axe-core finding. A new page whose address the
dataset below cannot fill fails the test with its name, so that it is not forgotten."""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from PIL import Image

from geoparticipation.accounts.models import User
from geoparticipation.analysis.models import Bilan
from geoparticipation.console.models import AnswerTemplate, Invitation, Role
from geoparticipation.debates import services as debate_services
from geoparticipation.debates.models import Debate
from geoparticipation.news.models import Article
from geoparticipation.participation import services
from geoparticipation.surveys import services as survey_services
from geoparticipation.surveys.models import Choice, Question, Survey
from geoparticipation.territory.models import Commune
from tests.analysis.helpers import annotate
from tests.factories import (
    GRAND_PLACE_LILLE,
    MAIRIE_ROUBAIX,
    make_meeting,
    make_process,
    make_proposal,
    point,
    set_phases,
)
from tests.web import axe
from tests.web.browser import PASSWORD, browser, log_in, page  # noqa: F401

from .conftest import LILLE

WIDTHS = ({"width": 768, "height": 1024}, {"width": 1366, "height": 768})
TABLET = WIDTHS[0]
#: the query string an address needs, by URL name
QUERIES = {"space_annotations_data": "?bbox=2.9,50.5,3.3,50.8"}


#: WCAG 2.2's 2.5.8 (targets of 24 px at least, or spaced so): axe-core's « target-size » rule, off by default
TARGET_SIZE = """axe.run(document, {runOnly: {type: "rule", values: ["target-size"]}, resultTypes: ["violations"]})
    .then(results => results.violations)"""


def png() -> ContentFile:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(out, "PNG")
    return ContentFile(out.getvalue())


@pytest.fixture
def dataset(committed_territory, settings, tmp_path):
    """One concertation with something on every page of the console, and the people who run it."""
    settings.MEDIA_ROOT = tmp_path
    administrator = User.objects.create_user("admin-console@example.org", "Administratrice", PASSWORD)
    Role.objects.create(user=administrator, kind=Role.Kind.ADMINISTRATOR)
    officer = User.objects.create_user("agent-climat@example.org", "Agent climat", PASSWORD)
    commune_officer = User.objects.create_user("agent-lille@example.org", "Équipe de Lille", PASSWORD)
    Role.objects.create(user=commune_officer, kind=Role.Kind.COMMUNE_OFFICER, commune=Commune.objects.get(insee=LILLE))
    citizen = User.objects.create_user("camille@example.org", "Camille59", PASSWORD)
    member = User.objects.create_user("lucie@example.org", "Lucie", PASSWORD)

    process = set_phases(
        make_process(is_private=True),
        ("Diagnostic", -40, -11, ("annotations",)),
        ("Propositions et débats", -10, 20, ("proposals", "supports", "comments", "arguments", "survey_answers")),
    )
    process.image.save("affiche.png", png(), save=False)
    process.image_alt = "Une affiche rouge"
    process.save()
    role = Role.objects.create(user=officer, kind=Role.Kind.PROCESS_OFFICER, process=process)
    process.members.add(member, citizen)
    member_invitation = Invitation.objects.create(
        email="invitee@example.org", kind=Invitation.Kind.MEMBER, process=process, invited_by=administrator
    )
    officer_invitation = Invitation.objects.create(
        email="future-agent@example.org",
        kind=Invitation.Kind.PROCESS_OFFICER,
        process=process,
        invited_by=administrator,
    )

    waiting = make_proposal(process, citizen, title="Des arbres rue Nationale", theme=process.themes.first())
    answered = make_proposal(process, citizen, title="Un abri vélo place Rihour")
    services.proposal_answer(proposal=answered, officer=officer, state="accepted", answer="Nous l'installons en mai.")
    comment = services.comment_create(author=member, target=waiting, body="Oui, et des bancs.")
    services.report_create(reporter=member, target=waiting, reason="spam")
    services.report_create(reporter=citizen, target=comment, reason="offensive")
    annotate(process, citizen, "Un trottoir abîmé", where=MAIRIE_ROUBAIX)
    template = AnswerTemplate.objects.create(
        state=AnswerTemplate.State.ACCEPTED, title="Accord", text="Merci, nous retenons votre idée.", process=process
    )

    survey = Survey.objects.create(process=process, slug="trajets", title="Vos trajets")
    single = Question.objects.create(survey=survey, position=1, kind=Question.Kind.SINGLE, text="Comment venez-vous ?")
    bike = Choice.objects.create(question=single, position=1, label="À vélo")
    Choice.objects.create(question=single, position=2, label="À pied")
    where = Question.objects.create(survey=survey, position=2, kind=Question.Kind.POINT, text="Où habitez-vous ?")
    survey_services.response_create(
        survey=survey, user=citizen, answers={single.pk: bike.pk, where.pk: point(*GRAND_PLACE_LILLE)}
    )

    draft = Survey.objects.create(process=process, slug="brouillon", title="Un brouillon", published=False)
    draft_question = Question.objects.create(survey=draft, position=1, kind=Question.Kind.MULTIPLE, text="Quand ?")
    for position, label in enumerate(("Le matin", "Le soir"), start=1):
        Choice.objects.create(question=draft_question, position=position, label=label)
    Question.objects.create(survey=draft, position=2, kind=Question.Kind.AREA, text="Quel quartier ?")

    meeting = make_meeting(process, ended=True, title="Atelier du quartier")
    debate = Debate.objects.create(process=process, title="Faut-il piétonniser la rue ?", published_at=timezone.now())
    debate_services.argument_create(author=citizen, debate=debate, body="Plus calme pour tous.", stance="for")
    debate_services.argument_create(author=member, debate=debate, body="Les livraisons souffrent.", stance="against")
    article = Article.objects.create(
        title="Le calendrier est publié",
        slug="calendrier-publie",
        body="## Les dates\n\nTout est en ligne.",
        process=process,
        published=True,
        published_at=timezone.now() - datetime.timedelta(days=1),
    )
    Bilan.objects.create(process=process, decisions="La Métropole plante **mille arbres**.", motivations="Demandé.")

    # What each address's arguments are, by URL name; « slug » is the concertation's everywhere.
    kwargs = {
        "answer_template_delete": {"pk": template.pk},
        "proposal": {"pk": waiting.pk},
        "officers_revoke": {"pk": role.pk},
        "space_member_remove": {"user_id": member.pk},
        **{
            name: {"pk": officer_invitation.pk} for name in ("officers_invitation_cancel", "officers_invitation_resend")
        },
        **{name: {"pk": member_invitation.pk} for name in ("space_invitation_cancel", "space_invitation_resend")},
        "moderation_item": {"kind": "proposition", "pk": waiting.pk},
        "survey": {"pk": survey.pk},
        "survey_preview": {"pk": survey.pk},
        **{name: {"pk": meeting.pk} for name in ("space_meeting_edit", "space_meeting_report")},
        **{name: {"pk": meeting.pk} for name in ("space_meeting_registrations", "space_meeting_registrations_csv")},
        **{name: {"pk": debate.pk} for name in ("space_debate_edit", "space_debate_close")},
        **{name: {"pk": article.pk} for name in ("space_article_edit", "space_article_publish")},
    }
    return {
        "administrator": administrator,
        "commune_officer": commune_officer,
        "process": process,
        "kwargs": kwargs,
        "extra": [
            reverse("console:moderation_item", kwargs={"kind": "commentaire", "pk": comment.pk}),
            reverse("console:survey", kwargs={"slug": process.slug, "pk": draft.pk}),
        ],
        "answered": answered,
    }


def console_patterns(resolver=None, prefix=""):
    """(name, its arguments) of every URL pattern under « console: », including the parts' included lists."""
    if resolver is None:
        resolver = get_resolver().namespace_dict["console"][1]
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from console_patterns(entry)
        elif isinstance(entry, URLPattern) and entry.name:
            yield entry.name, set(entry.pattern.converters)


def addresses(data):
    """Every console address with its arguments filled; fails naming the patterns the dataset cannot fill."""
    found, unfilled = [], []
    for name, arguments in console_patterns():
        values = {"slug": data["process"].slug, **data["kwargs"].get(name, {})} if arguments else {}
        values = {key: value for key, value in values.items() if key in arguments}
        if set(values) != arguments:
            unfilled.append(name)
            continue
        found.append((name, reverse(f"console:{name}", kwargs=values) + QUERIES.get(name, "")))
    assert not unfilled, f"no arguments for these console URL patterns: {', '.join(unfilled)}"
    return found


def check(tab, address, width) -> list[str]:
    """What is wrong with the page at this width: its status, an overflow, its h1s, axe-core's findings."""
    response = tab.goto(address)
    if response.status != 200:
        return [f"{address} at {width} px: status {response.status}"]
    tab.wait_for_load_state("load")
    problems = []
    scroll_width = tab.evaluate("document.documentElement.scrollWidth")
    if scroll_width > width:
        problems.append(f"{address} at {width} px: the page is {scroll_width} px wide")
    headings = tab.locator("h1").count()
    if headings != 1:
        problems.append(f"{address} at {width} px: {headings} h1")
    problems += [f"{address} at {width} px: {finding}" for finding in axe.findings(axe.run(tab))]
    problems += [f"{address} at {width} px: {finding}" for finding in axe.findings(tab.evaluate(TARGET_SIZE))]
    return problems


def test_every_console_page_fits_a_tablet_and_1366_px_and_passes_axe(page, dataset):  # noqa: F811
    pages, others, redirects = [], [], []
    log_in(page, dataset["administrator"].email)
    for name, address in addresses(dataset):
        answer = page.request.get(address, max_redirects=0)
        if answer.status == 405:
            continue  # a POST action: its form is on one of the pages
        if answer.status == 302:
            redirects.append(name)
            pages.append(answer.headers["location"])
            continue
        assert answer.status == 200, f"{name} ({address}) answers {answer.status}"
        if answer.headers["content-type"].startswith("text/html"):
            pages.append(address)
        else:
            others.append(name)
    # the image, the map's GeoJSON and the CSV file are not pages; a new non-HTML address is to be added here
    assert set(others) == {"process_image", "space_annotations_data", "space_meeting_registrations_csv"}, others
    # the preview opens the concertation's public page, which is checked in its place
    assert redirects == ["space_preview"], redirects
    pages += dataset["extra"]

    problems = []
    for viewport in WIDTHS:
        page.set_viewport_size(viewport)
        for address in pages:
            problems += check(page, address, viewport["width"])

    page.context.clear_cookies()
    log_in(page, dataset["commune_officer"].email)
    page.set_viewport_size(TABLET)
    for name in ("console:dashboard", "console:answers"):
        problems += check(page, reverse(name), TABLET["width"])
    problems += check(page, reverse("console:proposal", args=[dataset["answered"].pk]), TABLET["width"])
    assert not problems, "\n".join(problems)
