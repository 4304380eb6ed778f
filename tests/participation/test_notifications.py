"""Authors and followers of a proposal hear, by e-mail, of its official answer and of new comments; subscribers
receive the news of their themes."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from geoparticipation.accounts.models import User
from geoparticipation.participation import services
from geoparticipation.participation.models import Proposal, Theme

from ..factories import GRAND_PLACE_LILLE, point

pytestmark = pytest.mark.django_db


@pytest.fixture
def follower(proposal):
    user = User.objects.create_user("suivi@example.org", "Dominique")
    services.follow_create(user=user, target=proposal)
    return user


def test_an_answer_is_mailed_once_to_the_author_and_to_each_follower(
    proposal, follower, officer, mailoutbox, django_capture_on_commit_callbacks
):
    services.follow_create(user=proposal.author, target=proposal)  # following one's own proposal: still one mail
    dormant = User.objects.create_user("parti@example.org", "Ancien", is_active=False)
    services.follow_create(user=dormant, target=proposal)
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_answer(
            proposal=proposal, officer=officer, state=Proposal.State.ACCEPTED, answer="Il sera posé au printemps."
        )
    assert sorted(mail.to[0] for mail in mailoutbox) == ["camille@example.org", "suivi@example.org"]
    mail = mailoutbox[0]
    assert "Un abri vélo" in mail.subject
    assert "Il sera posé au printemps." in mail.body
    assert f"/concertations/plan-climat/propositions/{proposal.pk}/" in mail.body


def test_a_comment_is_mailed_to_the_others_without_its_text(
    proposal, follower, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_create(author=follower, target=proposal, body="Texte du commentaire à modérer peut-être")
    [mail] = mailoutbox
    assert mail.to == ["camille@example.org"]
    assert "Dominique" in mail.body
    assert "Texte du commentaire" not in mail.body


def test_nothing_is_mailed_when_the_answer_is_refused(proposal, follower, officer, mailoutbox):
    with pytest.raises(ValidationError):
        services.proposal_answer(proposal=proposal, officer=officer, state=Proposal.State.ACCEPTED, answer=" ")
    assert mailoutbox == []


def test_the_newsletter_brings_each_subscriber_the_news_of_their_themes_only(
    process, citizen, officer, mailoutbox, django_capture_on_commit_callbacks
):
    mobility = Theme.objects.get(slug="mobilite")
    subscriber = User.objects.create_user("lettre@example.org", "Abonnée")
    subscriber.newsletter_themes.add(mobility)
    uninterested = User.objects.create_user("autre@example.org", "Autre")
    uninterested.newsletter_themes.add(Theme.objects.create(slug="culture", name="Culture"))
    cycling, climate = (
        services.proposal_create(
            author=citizen,
            process=process,
            title=title,
            body="Texte",
            theme=Theme.objects.get(slug=theme),
            geometry=point(*GRAND_PLACE_LILLE),
        )
        for title, theme in (("Une piste cyclable", "mobilite"), ("Des arbres", "climat"))
    )
    with django_capture_on_commit_callbacks(execute=True):  # the answers are mailed to their authors first
        for proposal in (cycling, climate):
            services.proposal_answer(proposal=proposal, officer=officer, state=Proposal.State.ACCEPTED, answer="Oui.")
    mailoutbox.clear()

    call_command("send_newsletter", "--days", "7", stdout=io.StringIO())

    [letter] = mailoutbox
    assert letter.to == ["lettre@example.org"]
    assert f"Une piste cyclable ({Proposal.State.ACCEPTED.label})" in letter.body
    assert "Des arbres" not in letter.body
    assert "/concertations/plan-climat/" in letter.body  # the concertation opened this week has the theme
    assert "/comptes/profil/" in letter.body
