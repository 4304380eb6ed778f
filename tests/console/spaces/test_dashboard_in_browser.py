"""An officer opens a reported argument from the dashboard's priorities, in Chromium."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from geoparticipation.accounts.models import User
from geoparticipation.debates import services as debates
from geoparticipation.debates.models import Debate
from geoparticipation.participation import services
from tests.web.axe import assert_accessible
from tests.web.browser import browser, log_in, page  # noqa: F401

WIDTH = 1366


@pytest.mark.django_db(transaction=True)
def test_an_officer_clicks_a_priority_report_and_lands_on_its_moderation_page(
    page,  # noqa: F811
    process_officer,
    process,
    citizen,
):
    reporter = User.objects.create_user("lectrice@example.org", "Lectrice", "un-mot-de-passe-solide")
    debate = Debate.objects.create(process=process, title="Piétonniser ?", published_at=timezone.now())
    argument = debates.argument_create(author=citizen, debate=debate, body="Oui, le dimanche.", stance="for")
    services.report_create(reporter=reporter, target=argument, reason="offensive")
    page.set_viewport_size({"width": WIDTH, "height": 768})
    log_in(page, process_officer.email)

    page.goto("/gestion/")
    priorities = page.get_by_role("region", name="À traiter en priorité")
    expect(priorities).to_contain_text(f"argument de « {process.title} »")
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    priorities.get_by_role("link", name=f"Argument n° {argument.pk}").click()
    expect(page.get_by_text("Oui, le dimanche.").first).to_be_visible()
    assert page.url.endswith(f"/gestion/moderation/argument/{argument.pk}/")
