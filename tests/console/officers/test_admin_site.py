"""The Django admin is for superusers only: officers, staff or not, work in the console."""

import pytest
from django.urls import reverse

from geoparticipation.accounts.models import User

from ..conftest import PASSWORD


@pytest.mark.parametrize("url", ["admin:index", "admin:participation_proposal_changelist"])
def test_a_staff_member_who_is_not_a_superuser_is_sent_to_the_admin_login(client, officer, url):
    client.force_login(officer)
    response = client.get(reverse(url))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_console_administrator_with_staff_status_is_refused_too(client, administrator):
    administrator.is_staff = True
    administrator.save()
    client.force_login(administrator)
    assert client.get(reverse("admin:index")).status_code == 302


def test_a_superuser_opens_the_admin(client, db):
    client.force_login(User.objects.create_superuser("root@example.org", "Racine", PASSWORD))
    assert client.get(reverse("admin:index")).status_code == 200
