"""The administrator cancels an expired invitation from the roles page, in Chromium; the roles and members pages that
show invitations pass axe-core and fit in 1,366 px."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from geoparticipation.console.models import Invitation, RoleChange
from tests.web.axe import assert_accessible
from tests.web.browser import browser, log_in, page  # noqa: F401

WIDTH = 1366


def check_page(tab):
    assert_accessible(tab)
    assert tab.evaluate("document.documentElement.scrollWidth") <= WIDTH


@pytest.mark.django_db(transaction=True)
def test_the_administrator_cancels_an_invitation_on_the_roles_page(page, administrator, process):  # noqa: F811
    expired = Invitation.objects.create(
        email="ancienne-agente@example.org",
        kind="process",
        process=process,
        invited_at=timezone.now() - datetime.timedelta(days=45),
    )
    Invitation.objects.create(email="nouvelle-agente@example.org", kind="administrator")
    Invitation.objects.create(email="futur-membre@example.org", kind="member", process=process)
    page.set_viewport_size({"width": WIDTH, "height": 768})
    log_in(page, administrator.email)

    page.goto("/gestion/agents/")
    invitations = page.get_by_role("region", name="Invitations en attente")
    row = invitations.get_by_role("row", name="ancienne-agente@example.org")
    expect(row).to_contain_text("expirée le")
    check_page(page)
    row.get_by_role("button", name="Annuler l'invitation").click()
    expect(page.get_by_text("L'invitation de ancienne-agente@example.org")).to_be_visible()
    expect(invitations.get_by_role("row", name="ancienne-agente@example.org")).to_have_count(0)
    expect(invitations.get_by_role("row", name="nouvelle-agente@example.org")).to_contain_text("expire le")
    journal = page.get_by_role("region", name="Derniers changements de rôles")
    expect(journal.get_by_role("row", name="ancienne-agente@example.org")).to_contain_text("Annulation d'invitation")
    assert not Invitation.objects.filter(pk=expired.pk).exists()
    assert RoleChange.objects.get().action == "cancel"
    check_page(page)

    page.goto(f"/gestion/concertations/{process.slug}/membres/")
    expect(page.get_by_role("row", name="futur-membre@example.org")).to_be_visible()
    check_page(page)
