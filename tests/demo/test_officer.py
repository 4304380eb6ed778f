import io
import re
import stat

import pytest
from django.core.management import call_command

from geoparticipation.accounts.models import User
from geoparticipation.console import roles
from geoparticipation.territory.models import Commune

pytestmark = pytest.mark.django_db


def test_the_demo_officer_gets_the_same_password_twice_and_it_logs_in(client, tmp_path):
    password_file = tmp_path / "var" / "demo-officer-password"

    def run():
        out = io.StringIO()
        call_command("demo_officer", "http://testserver/", password_file=password_file, stdout=out)
        return out.getvalue()

    first, second = run(), run()
    password = re.search(r"password: (\S+)", first).group(1)
    assert first == second
    assert "login: agent@demo.geoparticipation.invalid" in first
    assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
    assert User.objects.get(email="agent@demo.geoparticipation.invalid").is_superuser
    assert client.login(username="agent@demo.geoparticipation.invalid", password=password)
    assert "console: http://testserver/gestion/" in first


def test_the_demo_has_a_commune_team_that_answers_in_roubaix_only(tmp_path):
    call_command("demo_officer", "http://testserver/", password_file=tmp_path / "pw", stdout=io.StringIO())

    team = User.objects.get(email="equipe-roubaix@demo.geoparticipation.invalid")
    access = roles.access_of(team)
    assert not access.administrator and not access.process_ids
    assert [c.nom for c in Commune.objects.filter(pk__in=access.commune_ids)] == ["Roubaix"]
