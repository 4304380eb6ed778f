"""axe-core on every kind of page of the citizen site, in French on a desktop and on a 390 px phone, in English on a
desktop.

A new kind of page is one line of `PAGES`: a name, its URL built from the `Site` below (add what it needs there),
who looks at it, and what they do first (submit a form to see its errors). The test fails listing, page by page,
the serious and critical WCAG 2.0/2.1 A and AA violations (tests/web/axe.py); in English, also a page whose
`<html lang>` is not `en` or whose header, menus or footer still show one of the site's French labels.
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from playwright.sync_api import expect

from geoparticipation.accounts.models import User
from geoparticipation.analysis.models import CampaignFlag
from geoparticipation.console.models import Role
from geoparticipation.debates import services as debates
from geoparticipation.debates.models import Debate
from geoparticipation.news.models import Article
from geoparticipation.pages import defaults
from geoparticipation.pages.models import Page
from geoparticipation.participation import services

from ..factories import MAIRIE_ROUBAIX, OUTSIDE_TERRITORY, make_meeting, make_process, make_proposal, point
from ..surveys.factories import make_survey, respondents
from . import axe
from .browser import PASSWORD, log_in

ANONYMOUS, CITIZEN, OFFICER = "anonymous", "citizen", "officer"
CITIZEN_EMAIL, OFFICER_EMAIL = "camille@example.org", "agent@example.org"
SURVEY = "deplacements"


@dataclass
class Site:
    """What the pages show: one of each kind of object, committed for the live server."""

    process: object
    proposal: object
    hidden: object
    fresh: object
    debate: object
    article: object
    flag: object
    reset_link: str


def submit(label):
    """Sends the page's form as it is (the browser's own checks off), to see the server's errors."""

    def act(page):
        page.locator("main form").evaluate_all("forms => forms.forEach(form => form.noValidate = true)")
        page.get_by_role("button", name=translation.gettext(label), exact=True).click()
        page.wait_for_load_state()
        page.get_by_role("alert").first.wait_for()

    return act


@dataclass(frozen=True)
class Kind:
    """A kind of page: its name in the report, its URL, who looks at it, the status it answers, what is done
    there before axe runs, and whether it is a document in French only, `<html lang="fr">` in the English site too."""

    name: str
    url: Callable[[Site], str]
    who: str = ANONYMOUS
    status: int = 200
    then: Callable | None = None
    french_only: bool = False


def concertation(path=""):
    return lambda site: f"/concertations/{site.process.slug}/{path}"


def proposal_url(proposal):
    return f"/concertations/{proposal.process.slug}/propositions/{proposal.pk}/"


PAGES = [
    Kind("accueil", lambda site: "/"),
    Kind("accueil, connecté", lambda site: "/", CITIZEN),
    Kind("concertation", concertation()),
    Kind("concertation, connecté", concertation(), CITIZEN),
    Kind("réunions", concertation("reunions/")),
    Kind("carte des annotations", concertation("carte/")),
    Kind("carte des annotations, connecté", concertation("carte/"), CITIZEN),
    Kind("proposition", lambda site: proposal_url(site.proposal)),
    Kind("proposition, connecté", lambda site: proposal_url(site.proposal), CITIZEN),
    Kind("proposition masquée (410)", lambda site: proposal_url(site.hidden), status=410),
    Kind(
        "formulaire de proposition, erreurs",
        concertation("propositions/nouvelle/"),
        CITIZEN,
        then=submit("Publier ma proposition"),
    ),
    Kind("communes", lambda site: "/communes/"),
    Kind("commune", lambda site: "/communes/59512/"),
    Kind("questionnaires", concertation("questionnaires/")),
    Kind("questionnaire", concertation(f"questionnaires/{SURVEY}/"), CITIZEN),
    Kind("résultats du questionnaire", concertation(f"questionnaires/{SURVEY}/resultats/")),
    Kind("bilan", concertation("bilan/")),
    # The bilan is published in French only; its map is a document of its own (in the bilan's iframe).
    Kind("carte du bilan", concertation("bilan/carte/"), french_only=True),
    Kind("données ouvertes", lambda site: "/opendata/"),
    Kind("inscription, erreurs", lambda site: "/comptes/inscription/", then=submit("Créer mon compte")),
    Kind("connexion", lambda site: "/comptes/connexion/"),
    Kind("connexion, erreurs", lambda site: "/comptes/connexion/", then=submit("Se connecter")),
    Kind("lien de confirmation renvoyé", lambda site: "/comptes/confirmer/renvoyer/"),
    Kind("mot de passe oublié", lambda site: "/comptes/mot-de-passe/"),
    Kind("nouveau mot de passe", lambda site: site.reset_link),
    Kind("profil", lambda site: "/comptes/profil/", CITIZEN),
    Kind("suppression du compte", lambda site: "/comptes/profil/supprimer/", CITIZEN),
    *[Kind(f"page « {slug} »", lambda site, slug=slug: f"/pages/{slug}/") for slug in defaults.SLUGS],
    Kind("débats", concertation("debats/")),
    Kind("un débat", lambda site: site.debate.get_absolute_url()),
    Kind("un débat, connecté", lambda site: site.debate.get_absolute_url(), CITIZEN),
    Kind("actualités", lambda site: "/actualites/"),
    Kind("une actualité", lambda site: f"/actualites/{site.article.slug}/"),
    Kind("actualités de la concertation", concertation("actualites/")),
    Kind("recherche", lambda site: "/recherche/?q=velo"),
    Kind("recherche sans résultat", lambda site: "/recherche/?q=introuvable"),
    Kind("recherche d'un type", lambda site: "/recherche/?q=velo&type=propositions"),
    Kind("notifications", lambda site: "/comptes/notifications/", CITIZEN),
    Kind("modifier sa proposition", lambda site: proposal_url(site.fresh) + "modifier/", CITIZEN),
    Kind("retirer sa proposition", lambda site: proposal_url(site.fresh) + "retirer/", CITIZEN),
    Kind("page introuvable (404)", lambda site: "/concertations/nulle-part/", status=404),
    Kind("analyse", lambda site: "/analyse/", OFFICER),
    Kind("analyse : croisement", lambda site: "/analyse/croisement/", OFFICER),
    Kind("analyse : provenance", lambda site: "/analyse/provenance/", OFFICER),
    Kind("analyse : campagnes", lambda site: "/analyse/campagnes/", OFFICER),
    Kind("analyse : une campagne", lambda site: f"/analyse/campagnes/{site.flag.pk}/", OFFICER),
    Kind("analyse : étiquettes", lambda site: "/analyse/etiquettes/", OFFICER),
    Kind("analyse : indicateurs", lambda site: "/analyse/indicateurs/", OFFICER),
]


@pytest.fixture
def site(committed_territory):
    defaults.create_missing(Page)
    citizen = User.objects.create_user(CITIZEN_EMAIL, "Camille59", PASSWORD)
    officer = User.objects.create_user(OFFICER_EMAIL, "Agent MEL", PASSWORD, is_staff=True)
    # The analysis pages open to a console role, not to is_staff.
    Role.objects.create(user=officer, kind=Role.Kind.ADMINISTRATOR)
    process = make_process()
    proposal = make_proposal(process, citizen, title="Des arceaux vélo sur la Grand-Place")
    services.comment_create(author=officer, target=proposal, body="Merci, nous étudions l'emplacement.")
    services.proposal_answer(proposal=proposal, officer=officer, state="accepted", answer="Les arceaux seront posés.")
    make_proposal(process, officer, title="Une piste cyclable rue de Lannoy", where=MAIRIE_ROUBAIX)
    services.annotation_create(
        author=citizen, process=process, kind="probleme", comment="Trottoir encombré", geometry=point(3.064, 50.638)
    )
    make_meeting(process)
    make_meeting(
        process, ended=True, title="Atelier de lancement", report="Trente personnes sont venues.", attendees=30
    )
    hidden = make_proposal(process, citizen, title="Une publicité")
    fresh = make_proposal(process, citizen, title="Un banc devant l'école")
    debate = Debate.objects.create(
        process=process,
        title="Faut-il piétonniser la Grand-Place ?",
        description="Le samedi et le dimanche.",
        geom=point(3.0635, 50.6369),
        published_at=timezone.now(),
    )
    argued = debates.argument_create(author=citizen, debate=debate, stance="for", body="Plus de place pour marcher.")
    debates.argument_create(author=officer, debate=debate, body="Et les livraisons ?", parent=argued)
    # Placed: the debate's map shows it, with the legend of the stances.
    debates.argument_create(
        author=officer,
        debate=debate,
        stance="against",
        body="Les commerces en souffriraient.",
        geometry=point(3.0645, 50.6372),
    )
    article = Article.objects.create(
        slug="lancement",
        title="Lancement de la concertation",
        body="La **concertation** est ouverte.",
        process=process,
        published=True,
        published_at=timezone.now() - datetime.timedelta(days=1),
    )
    services.content_hide(target=hidden, officer=officer, category="spam", reason="Démarchage commercial.")
    survey = make_survey(process, slug=SURVEY)
    respondents(survey, 6, MAIRIE_ROUBAIX)
    flag = CampaignFlag.objects.create(
        process=process,
        rule=CampaignFlag.Rule.DUPLICATES,
        key="arceaux",
        explanation="Cinq textes quasi identiques en une heure.",
        numbers={"textes": 5},
        computed_at=timezone.now() - datetime.timedelta(hours=1),
    )
    uid = urlsafe_base64_encode(force_bytes(citizen.pk))
    return Site(
        process=process,
        proposal=proposal,
        hidden=hidden,
        fresh=fresh,
        debate=debate,
        article=article,
        flag=flag,
        reset_link=f"/comptes/mot-de-passe/{uid}/{default_token_generator.make_token(citizen)}/",
    )


#: fixed labels of the site's header, menus and footer: in English, none of them may be left in French
FRENCH_LABELS = [
    "Concertations",
    "Actualités",
    "Propositions",
    "Réunions",
    "Débats",
    "Questionnaires",
    "Rechercher",
    "Chercher",
    "Se connecter",
    "Se déconnecter",
    "Créer un compte",
    "Mon compte",
    "Langue",
    "Changer",
    "Mentions légales",
    "Données personnelles",
    "Charte de participation",
    "Données ouvertes",
    "Aller au contenu",
]
#: the text of the page's landmarks, less those and the parts marked French (a citizen's words, the bilan)
LANDMARKS_TEXT = """() => [...document.querySelectorAll("header, nav, footer, [role=navigation], [role=contentinfo]")]
    .filter(landmark => landmark.closest("[lang]").lang.startsWith("en"))
    .map(landmark => {
        const copy = landmark.cloneNode(true);
        copy.querySelectorAll("[lang]:not([lang^=en])").forEach(element => element.remove());
        return copy.textContent;
    })
    .join(" ")"""


def untranslated(page, kind):
    """In an English page: a wrong `<html lang>`, and the French labels left in its landmarks."""
    problems = []
    lang, expected = page.locator("html").get_attribute("lang"), "fr" if kind.french_only else "en"
    if lang != expected:
        problems.append(f'<html lang="{lang}">, not "{expected}"')
    text = page.evaluate(LANDMARKS_TEXT)
    left = [label for label in FRENCH_LABELS if re.search(rf"(?<!\w){re.escape(label)}(?!\w)", text)]
    if left:
        problems.append("French labels in the header, menus or footer: " + ", ".join(left))
    return problems


def visit(page, site, kind, language):
    """The serious and critical findings on the page of `kind`, after printing the moderate and minor ones."""
    response = page.goto(kind.url(site))
    assert response.status == kind.status, f"{kind.name}: {page.url} answered {response.status}"
    if kind.then:
        kind.then(page)
    # A map draws its layers after the page's load, and axe must see them drawn; other pages need not wait.
    if page.locator(".gp-map, iframe").count():
        page.wait_for_load_state("networkidle")
    violations = axe.run(page)
    for line in axe.findings(violations, impacts=("moderate", "minor")):
        print(f"{kind.name}: {line}")
    blocking = axe.findings(violations) + (untranslated(page, kind) if language == "en" else [])
    return [f"{kind.name} ({page.url}):\n    " + "\n    ".join(blocking)] if blocking else []


def log_in_translated(page, email):
    """Logs in through the form, in the language of the page."""
    page.goto("/comptes/connexion/")
    page.get_by_label(translation.gettext("Adresse e-mail")).fill(email)
    page.get_by_label(translation.gettext("Mot de passe")).fill(PASSWORD)
    page.get_by_role("button", name=translation.gettext("Se connecter")).click()
    page.get_by_role("heading", name=translation.gettext("Mon compte")).wait_for()


# The walk takes minutes, most of them in axe's color-contrast rule; the English pages have the same layout and
# colours as the French ones, so they are walked at one width, where their longer or shorter words are the change.
@pytest.mark.parametrize(
    "language, width",
    [("fr", 1280), ("fr", 390), ("en", 1280)],
    ids=["francais-bureau", "francais-telephone", "anglais-bureau"],
)
def test_no_page_has_a_serious_or_critical_accessibility_violation(browser, live_server, site, language, width):
    failures = []
    with translation.override(language):
        for who in (ANONYMOUS, CITIZEN, OFFICER):
            context = browser.new_context(
                locale="fr-FR" if language == "fr" else "en-GB",
                extra_http_headers={"Accept-Language": language},
                viewport={"width": width, "height": 800},
                base_url=live_server.url,
            )
            context.set_default_timeout(15_000)
            page = context.new_page()
            if who != ANONYMOUS:
                log_in_translated(page, CITIZEN_EMAIL if who == CITIZEN else OFFICER_EMAIL)
            for kind in PAGES:
                if kind.who == who:
                    failures += visit(page, site, kind, language)
            context.close()
    assert not failures, f"axe-core, WCAG 2.1 AA, serious and critical, in {language}:\n" + "\n".join(failures)


def test_the_proposal_form_stays_accessible_as_the_pin_is_placed_from_the_keyboard_and_refused_outside(page):
    User.objects.create_user(CITIZEN_EMAIL, "Camille59", PASSWORD)
    process = make_process()
    log_in(page, CITIZEN_EMAIL)
    page.goto(f"/concertations/{process.slug}/propositions/nouvelle/")
    page.locator(".gp-map.leaflet-container").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#location-status")).to_contain_text("Repère placé")
    axe.assert_accessible(page)

    page.get_by_label("Titre").fill("Un tramway jusqu'à Paris")
    page.get_by_label("Votre proposition").fill("Ce serait pratique.")
    page.get_by_label("Longitude").fill(str(OUTSIDE_TERRITORY[0]))
    page.get_by_label("Latitude").fill(str(OUTSIDE_TERRITORY[1]))
    page.get_by_role("button", name="Publier ma proposition").click()
    expect(page.locator("#location-error")).to_contain_text("en dehors du territoire")
    page.wait_for_load_state("networkidle")
    axe.assert_accessible(page)


def test_the_check_names_the_rule_and_the_element_of_each_serious_violation(browser):
    page = browser.new_page()
    page.set_content(
        '<html lang="fr"><title>Essai</title><main><img src="data:,"><button id="vide"></button>'
        '<p style="color: #bbb">Pâle</p></main></html>'
    )
    with pytest.raises(AssertionError) as failure:
        axe.assert_accessible(page)
    page.close()

    report = str(failure.value)
    assert "image-alt (critical) img: Images must have alternative text" in report
    assert "button-name (critical) #vide: Buttons must have discernible text" in report
    assert "color-contrast (serious) p:" in report
