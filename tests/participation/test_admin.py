import datetime
import json
import re
from urllib.parse import urlsplit

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from geoparticipation.accounts.models import User
from geoparticipation.attachments.models import ProposalFile
from geoparticipation.debates.models import Argument, ArgumentSupport
from geoparticipation.moderation.models import ModerationAction
from geoparticipation.pages.models import Page
from geoparticipation.participation import services
from geoparticipation.participation.models import (
    Annotation,
    Comment,
    Follow,
    Meeting,
    Process,
    Proposal,
    Report,
    Support,
)
from geoparticipation.territory.models import Commune

from ..factories import GRAND_PLACE_LILLE, MAIRIE_ROUBAIX, OUTSIDE_TERRITORY, make_process, point

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("admin@example.org", "Administrateur", "un-mot-de-passe-solide")


@pytest.fixture
def officer(officer):
    """The participation team's officer, a superuser: the admin is theirs only (console/officers/test_admin_site.py)."""
    officer.is_superuser = True
    officer.save()
    return officer


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def make_proposal(process, author, title="Plus d'arbres", where=GRAND_PLACE_LILLE):
    return services.proposal_create(
        author=author, process=process, title=title, body="Sur la Grand-Place.", geometry=point(*where)
    )


def populate(count, *, first=0):
    """`count` of each record the back-office lists, each set by a different citizen in its own concertation."""
    for i in range(first, first + count):
        citizen = User.objects.create_user(f"citoyen{i}@example.org", f"Citoyen{i}", "un-mot-de-passe-solide")
        process = make_process(f"concertation-{i}")
        proposal = make_proposal(process, citizen, f"Proposition {i}")
        services.annotation_create(
            author=citizen, process=process, kind="idee", comment=f"Idée {i}", geometry=point(*MAIRIE_ROUBAIX)
        )
        Meeting.objects.create(
            process=process,
            title=f"Réunion {i}",
            start_time=timezone.now(),
            end_time=timezone.now() + datetime.timedelta(hours=2),
            address="Place du Général de Gaulle, Lille",
            geom=point(*GRAND_PLACE_LILLE),
            published_at=timezone.now(),
        )
        comment = services.comment_create(author=citizen, target=proposal, body=f"Commentaire {i}")
        services.support_create(user=citizen, proposal=proposal)
        services.follow_create(user=citizen, target=proposal)
        services.report_create(reporter=citizen, target=comment, reason="spam")
        services.report_create(reporter=citizen, target=proposal, reason="off_topic")


def geojson(lon, lat):
    return json.dumps({"type": "Point", "coordinates": [lon, lat]})


def meeting_form(process, where):
    return {
        "process": process.pk,
        "title": "Réunion publique sur le plan climat",
        "description": "",
        "published_at_0": "2025-03-01",
        "published_at_1": "09:00:00",
        "start_time_0": "2025-03-20",
        "start_time_1": "18:30:00",
        "end_time_0": "2025-03-20",
        "end_time_1": "20:30:00",
        "address": "Place du Général de Gaulle, Lille",
        "geom": geojson(*where),
        "registration_url": "",
        "online_url": "",
        "_save": "Enregistrer",
    }


def proposal_form(proposal, **changes):
    published_at = timezone.localtime(proposal.published_at)
    return {
        "process": proposal.process_id,
        "title": proposal.title,
        "body": proposal.body,
        "theme": "",
        "geom": proposal.geom.transform(4326, clone=True).json,
        "published_at_0": f"{published_at:%Y-%m-%d}",
        "published_at_1": f"{published_at:%H:%M:%S}",
        "state": proposal.state,
        "answer": proposal.answer,
        "_save": "Enregistrer",
        **changes,
    }


def hide(client, model, objects, reason=None, category="offensive"):
    """The officer's two clicks: choose « Masquer » on the list, then confirm with a public category and a reason."""
    data = {"action": "hide", ACTION_CHECKBOX_NAME: [obj.pk for obj in objects]}
    if reason is None:
        return client.post(admin_url(model, "changelist"), {**data, "index": 0})
    return client.post(
        admin_url(model, "changelist"), {**data, "confirm": "yes", "category": category, "reason": reason}
    )


def public_proposal_ids(client):
    client.logout()
    return [feature["id"] for feature in client.get("/api/v1/proposals/").json()["features"]]


def test_every_list_and_change_page_opens_for_a_superuser(client, superuser):
    populate(1)
    client.force_login(superuser)
    for model in admin.site._registry:
        assert client.get(admin_url(model, "changelist")).status_code == 200, model
        obj = model._default_manager.first()
        if obj is not None:
            assert client.get(admin_url(model, "change", obj.pk)).status_code == 200, model


def test_every_add_page_opens_except_for_records_from_citizens_the_territory_reference_and_the_sites_pages(
    client, superuser
):
    client.force_login(superuser)
    # The site's pages are edited, never added: each one is linked from the footer.
    entered_elsewhere = {
        Commune,
        Comment,
        Support,
        Follow,
        Report,
        AccessAttempt,
        Page,
        ModerationAction,
        Argument,
        ArgumentSupport,
        ProposalFile,
    }
    for model in admin.site._registry:
        expected = 403 if model in entered_elsewhere else 200
        assert client.get(admin_url(model, "add")).status_code == expected, model


@pytest.mark.parametrize("model", [Proposal, Annotation, Meeting, Comment, Report, Process, Support, Follow])
def test_a_list_costs_as_many_queries_for_many_rows_as_for_one(client, superuser, model):
    client.force_login(superuser)
    populate(1)
    with CaptureQueriesContext(connection) as one_row:
        client.get(admin_url(model, "changelist"))
    populate(4, first=1)
    with CaptureQueriesContext(connection) as five_rows:
        assert client.get(admin_url(model, "changelist")).context["cl"].result_count >= 5
    assert len(five_rows) == len(one_row)


def test_a_concertation_created_with_its_calendar_is_open(client, officer):
    today = timezone.localdate()
    client.force_login(officer)

    response = client.post(
        admin_url(Process, "add"),
        {
            "title": "Plan vélo 2030",
            "slug": "plan-velo-2030",
            "published": "on",
            "phases-TOTAL_FORMS": "1",
            "phases-INITIAL_FORMS": "0",
            "phases-0-position": "1",
            "phases-0-title": "Propositions",
            "phases-0-start_date": f"{today - datetime.timedelta(days=1):%Y-%m-%d}",
            "phases-0-end_date": f"{today + datetime.timedelta(days=30):%Y-%m-%d}",
            "_save": "Enregistrer",
        },
    )

    assert response.status_code == 302
    assert Process.objects.get(slug="plan-velo-2030").status == Process.Status.OPEN


def test_the_concertation_list_shows_the_status_given_by_the_calendar(client, officer):
    make_process("en-cours")
    make_process("terminee", open_=False)
    client.force_login(officer)

    page = client.get(admin_url(Process, "changelist")).content.decode()

    assert re.search(r"Concertation en-cours.*?En cours", page, re.S)
    assert re.search(r"Concertation terminee.*?Terminée", page, re.S)


def test_hiding_proposals_records_who_when_and_why_and_takes_them_out_of_the_api(client, officer, process, citizen):
    insulting = make_proposal(process, citizen, "Proposition injurieuse")
    kept = make_proposal(process, citizen, "Plus de pistes cyclables")
    client.force_login(officer)

    confirmation = hide(client, Proposal, [insulting])
    assert "Motif du masquage" in confirmation.content.decode()
    assert "Proposition injurieuse" in confirmation.content.decode()
    assert hide(client, Proposal, [insulting], reason="Propos injurieux envers un élu").status_code == 302

    insulting.refresh_from_db()
    assert insulting.hidden_by == officer
    assert insulting.get_hidden_category_display() == "Propos injurieux ou haineux"
    assert insulting.hidden_reason == "Propos injurieux envers un élu"
    assert timezone.now() - insulting.hidden_at < datetime.timedelta(minutes=1)
    assert public_proposal_ids(client) == [kept.pk]


def test_hiding_without_a_reason_is_refused_and_hides_nothing(client, officer, process, citizen):
    proposal = make_proposal(process, citizen)
    client.force_login(officer)

    response = hide(client, Proposal, [proposal], reason="   ")

    assert response.status_code == 200
    assert "Indiquez le motif du masquage." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.hidden_at is None
    assert public_proposal_ids(client) == [proposal.pk]


def test_a_hidden_proposal_shows_who_hid_it_and_why_on_its_page(client, officer, process, citizen):
    proposal = make_proposal(process, citizen)
    services.content_hide(target=proposal, officer=officer, category="other", reason="Doublon d'une autre proposition")
    client.force_login(officer)

    page = client.get(admin_url(Proposal, "change", proposal.pk)).content.decode()

    assert "Doublon d&#x27;une autre proposition" in page
    assert "Agent MEL" in page


def test_the_hidden_filter_lists_only_hidden_proposals(client, officer, process, citizen):
    hidden = make_proposal(process, citizen, "Proposition masquée")
    make_proposal(process, citizen, "Proposition visible")
    services.content_hide(target=hidden, officer=officer, category="off_topic", reason="Hors sujet")
    client.force_login(officer)

    listed = client.get(admin_url(Proposal, "changelist"), {"masque": "oui"}).context["cl"].result_list

    assert list(listed) == [hidden]


def test_showing_a_proposal_again_puts_it_back_in_the_api(client, officer, process, citizen):
    proposal = make_proposal(process, citizen)
    services.content_hide(target=proposal, officer=officer, category="other", reason="Erreur de modération")
    client.force_login(officer)

    client.post(
        admin_url(Proposal, "changelist"), {"action": "unhide", ACTION_CHECKBOX_NAME: [proposal.pk], "index": 0}
    )

    proposal.refresh_from_db()
    assert (proposal.hidden_at, proposal.hidden_by, proposal.hidden_reason) == (None, None, "")
    assert public_proposal_ids(client) == [proposal.pk]


def test_hiding_a_comment_lowers_the_count_shown_on_its_proposal(client, officer, process, citizen):
    proposal = make_proposal(process, citizen)
    comment = services.comment_create(author=citizen, target=proposal, body="Message publicitaire")
    client.force_login(officer)

    hide(client, Comment, [comment], reason="Publicité")

    proposal.refresh_from_db()
    assert proposal.comments_count == 0


def test_the_report_list_links_to_the_reported_content_and_tells_whether_it_is_hidden(
    client, officer, process, citizen
):
    proposal = make_proposal(process, citizen, "Proposition signalée")
    services.report_create(reporter=citizen, target=proposal, reason="offensive")
    client.force_login(officer)

    before = client.get(admin_url(Report, "changelist")).content.decode()
    services.content_hide(target=proposal, officer=officer, category="offensive", reason="Propos injurieux")
    after = client.get(admin_url(Report, "changelist")).content.decode()

    assert f'<a href="{admin_url(Proposal, "change", proposal.pk)}">Proposition signalée</a>' in before
    assert "Camille59" in before
    assert "visible" in before
    assert "masqué le" in after


def test_hiding_from_the_report_list_hides_the_reported_content(client, officer, process, citizen):
    proposal = make_proposal(process, citizen)
    report = services.report_create(reporter=citizen, target=proposal, reason="spam")
    client.force_login(officer)

    client.post(
        admin_url(Report, "changelist"),
        {
            "action": "hide_reported",
            ACTION_CHECKBOX_NAME: [report.pk],
            "confirm": "yes",
            "category": "spam",
            "reason": "Spam",
        },
    )

    proposal.refresh_from_db()
    assert (proposal.hidden_by, proposal.hidden_category, proposal.hidden_reason) == (officer, "spam", "Spam")


def test_a_meeting_created_at_the_grand_place_is_placed_in_lille(client, officer, process):
    client.force_login(officer)

    response = client.post(admin_url(Meeting, "add"), meeting_form(process, GRAND_PLACE_LILLE))

    assert response.status_code == 302
    assert Meeting.objects.get().commune.insee == "59350"


def test_a_meeting_outside_the_territory_is_refused_on_the_map_field(client, officer, process):
    client.force_login(officer)

    response = client.post(admin_url(Meeting, "add"), meeting_form(process, OUTSIDE_TERRITORY))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["geom"] == [
        "Ce lieu est en dehors du territoire de la métropole (95 communes)."
    ]
    assert not Meeting.objects.exists()


def test_a_meeting_that_ends_before_it_starts_is_refused(client, officer, process):
    client.force_login(officer)

    response = client.post(
        admin_url(Meeting, "add"), {**meeting_form(process, GRAND_PLACE_LILLE), "end_time_1": "17:00:00"}
    )

    assert "La réunion doit se terminer après son début." in response.content.decode()
    assert not Meeting.objects.exists()


def test_an_annotation_entered_by_an_officer_is_signed_by_the_officer(client, officer, process):
    client.force_login(officer)
    line = json.dumps({"type": "LineString", "coordinates": [[3.150, 50.690], [3.175, 50.691], [3.190, 50.692]]})

    response = client.post(
        admin_url(Annotation, "add"),
        {"process": process.pk, "kind": "probleme", "comment": "Trottoir trop étroit", "geom": line, "_save": "1"},
    )

    assert response.status_code == 302
    annotation = Annotation.objects.get()
    assert (annotation.author, annotation.commune.insee) == (officer, "59512")


def test_answering_a_proposal_records_the_state_the_answer_and_who_answered_when(client, officer, process, citizen):
    proposal = make_proposal(process, citizen)
    client.force_login(officer)

    response = client.post(
        admin_url(Proposal, "change", proposal.pk),
        proposal_form(proposal, state="accepted", answer="Vingt arbres seront plantés à l'automne."),
    )

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.ACCEPTED
    assert proposal.answer == "Vingt arbres seront plantés à l'automne."
    assert proposal.answered_by == officer
    assert timezone.now() - proposal.answered_at < datetime.timedelta(minutes=1)


def test_an_answer_without_text_is_refused(client, officer, process, citizen):
    proposal = make_proposal(process, citizen)
    client.force_login(officer)

    response = client.post(admin_url(Proposal, "change", proposal.pk), proposal_form(proposal, state="rejected"))

    assert "Rédigez la réponse de la métropole." in response.content.decode()
    proposal.refresh_from_db()
    assert (proposal.state, proposal.answered_at) == (Proposal.State.PUBLISHED, None)


def test_saving_a_proposal_without_a_new_state_or_answer_is_not_an_answer(client, officer, process, citizen):
    proposal = make_proposal(process, citizen)
    client.force_login(officer)

    client.post(admin_url(Proposal, "change", proposal.pk), proposal_form(proposal, theme=""))

    proposal.refresh_from_db()
    assert (proposal.state, proposal.answered_by, proposal.answered_at) == (Proposal.State.PUBLISHED, None, None)


def test_map_pages_load_no_script_or_stylesheet_from_another_site(client, superuser):
    populate(1)
    client.force_login(superuser)
    pages = [admin_url(model, "add") for model in (Proposal, Meeting, Annotation)]
    pages += [admin_url(model, "change", model.objects.get().pk) for model in (Proposal, Meeting, Annotation)]
    pages.append(admin_url(Commune, "change", Commune.objects.get(insee="59350").pk))

    for page in pages:
        html = client.get(page).content.decode()
        assets = re.findall(r"<script[^>]*\ssrc=\"([^\"]*)\"", html) + re.findall(
            r"<link[^>]*\shref=\"([^\"]*)\"", html
        )
        assert "/static/leaflet/leaflet.js" in assets, page
        assert [url for url in assets if urlsplit(url).scheme or urlsplit(url).netloc] == [], page


def test_an_officer_creates_an_account_with_an_email_and_a_pseudonym(client, superuser):
    client.force_login(superuser)

    response = client.post(
        admin_url(User, "add"),
        {
            "email": "Dominique.Agent@Lillemetropole.fr",
            "pseudonym": "Dominique MEL",
            "usable_password": "true",
            "password1": "un-mot-de-passe-solide",
            "password2": "un-mot-de-passe-solide",
        },
    )

    assert response.status_code == 302
    user = User.objects.get(pseudonym="Dominique MEL")
    assert user.email == "dominique.agent@lillemetropole.fr"
    assert user.check_password("un-mot-de-passe-solide")


def test_a_pseudonym_taken_in_another_case_is_refused(client, superuser, citizen):
    client.force_login(superuser)

    response = client.post(
        admin_url(User, "add"),
        {"email": "autre@example.org", "pseudonym": "camille59", "usable_password": "false"},
    )

    assert "Le pseudonyme « camille59 » est déjà pris" in response.content.decode()
    assert not User.objects.filter(email="autre@example.org").exists()


def test_a_citizens_title_and_text_are_read_only_and_a_forged_post_does_not_change_them(
    client, officer, process, citizen
):
    proposal = make_proposal(process, citizen)
    client.force_login(officer)

    form = client.get(admin_url(Proposal, "change", proposal.pk)).context["adminform"].form
    assert {"title", "body"}.isdisjoint(form.fields)
    response = client.post(
        admin_url(Proposal, "change", proposal.pk),
        proposal_form(proposal, title="Titre réécrit par un agent", body="Texte réécrit par un agent."),
    )

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.title, proposal.body) == ("Plus d'arbres", "Sur la Grand-Place.")


def test_a_citizens_annotation_comment_is_read_only_and_a_forged_post_does_not_change_it(
    client, officer, process, citizen
):
    annotation = services.annotation_create(
        author=citizen, process=process, kind="idee", comment="Une idée à moi", geometry=point(*MAIRIE_ROUBAIX)
    )
    client.force_login(officer)

    assert "comment" not in client.get(admin_url(Annotation, "change", annotation.pk)).context["adminform"].form.fields
    published_at = timezone.localtime(annotation.published_at)
    client.post(
        admin_url(Annotation, "change", annotation.pk),
        {
            "process": process.pk,
            "kind": "idee",
            "comment": "Réécrit par un agent",
            "geom": geojson(*MAIRIE_ROUBAIX),
            "published_at_0": f"{published_at:%Y-%m-%d}",
            "published_at_1": f"{published_at:%H:%M:%S}",
            "_save": "Enregistrer",
        },
    )

    annotation.refresh_from_db()
    assert annotation.comment == "Une idée à moi"


def test_a_citizens_place_concertation_and_date_are_shown_but_a_forged_post_does_not_move_them(
    client, officer, process, citizen
):
    proposal = Proposal.objects.get(pk=make_proposal(process, citizen).pk)
    other = make_process("autre-concertation")
    client.force_login(officer)

    page = client.get(admin_url(Proposal, "change", proposal.pk))
    form = page.context["adminform"].form
    assert all(form.fields[name].disabled for name in ("process", "geom"))
    assert "published_at" not in form.fields and not form.fields["theme"].disabled
    response = client.post(
        admin_url(Proposal, "change", proposal.pk),
        {**proposal_form(proposal), "process": other.pk, "geom": geojson(*MAIRIE_ROUBAIX), "published_at_0": ""},
    )

    assert response.status_code == 302
    moved = Proposal.objects.get(pk=proposal.pk)
    assert (moved.process, moved.geom.coords, moved.published_at) == (
        process,
        proposal.geom.coords,
        proposal.published_at,
    )
    assert moved.commune.nom == "Lille"


def test_an_officer_still_edits_the_text_of_a_proposal_they_entered_themself(client, officer, process):
    client.force_login(officer)
    proposal = make_proposal(process, officer)

    client.post(admin_url(Proposal, "change", proposal.pk), proposal_form(proposal, title="Titre précisé"))

    proposal.refresh_from_db()
    assert proposal.title == "Titre précisé"


def test_a_correction_by_moderation_from_the_back_office_publishes_the_text_and_keeps_the_authors(
    client, officer, process, citizen
):
    proposal = make_proposal(process, citizen)
    client.force_login(officer)
    change_page = client.get(admin_url(Proposal, "change", proposal.pk)).content.decode()
    assert admin_url(Proposal, "correct", proposal.pk) in change_page
    assert "Corriger (modération)" in change_page

    form = client.get(admin_url(Proposal, "correct", proposal.pk)).context["form"]
    assert (form["body"].value(), form["category"].value()) == ("Sur la Grand-Place.", "personal_data")
    response = client.post(
        admin_url(Proposal, "correct", proposal.pk),
        {
            "title": "Plus d'arbres",
            "body": "Sur la Grand-Place, [adresse retirée].",
            "category": "personal_data",
            "reason": "Adresse personnelle retirée",
        },
    )

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.body == "Sur la Grand-Place, [adresse retirée]."
    versions = client.get(admin_url(Proposal, "change", proposal.pk)).content.decode()
    assert "Version 1 (texte de l&#x27;auteur)" in versions and "Sur la Grand-Place." in versions


def test_a_correction_without_a_reason_or_with_the_same_text_is_refused_with_a_message(
    client, officer, process, citizen
):
    proposal = make_proposal(process, citizen)
    client.force_login(officer)
    url = admin_url(Proposal, "correct", proposal.pk)

    unchanged = client.post(
        url, {"title": proposal.title, "body": proposal.body, "category": "personal_data", "reason": "Rien"}
    )
    no_reason = client.post(url, {"title": proposal.title, "body": "Autre", "category": "personal_data", "reason": ""})

    assert unchanged.status_code == no_reason.status_code == 400
    assert "Le texte corrigé est identique au texte publié" in unchanged.content.decode()
    assert "Indiquez ce qui a été corrigé et pourquoi." in no_reason.content.decode()
    proposal.refresh_from_db()
    assert proposal.body == "Sur la Grand-Place."


def test_a_comment_and_an_annotation_are_corrected_from_their_own_page(client, officer, process, citizen):
    proposal = make_proposal(process, citizen)
    comment = services.comment_create(author=citizen, target=proposal, body="Écrivez-moi : camille@example.org")
    annotation = services.annotation_create(
        author=citizen, process=process, kind="idee", comment="Chez moi, 3 rue X", geometry=point(*MAIRIE_ROUBAIX)
    )
    client.force_login(officer)

    for model, obj, field in ((Comment, comment, "body"), (Annotation, annotation, "comment")):
        assert "Corriger (modération)" in client.get(admin_url(model, "change", obj.pk)).content.decode()
        response = client.post(
            admin_url(model, "correct", obj.pk), {field: "[retiré]", "category": "personal_data", "reason": "Adresse"}
        )
        assert response.status_code == 302, model
        obj.refresh_from_db()
        assert getattr(obj, field) == "[retiré]"
