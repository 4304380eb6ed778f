import io
import re
import stat

import pytest
from django.core.management import call_command

from geoparticipation.accounts.models import User

pytestmark = pytest.mark.django_db


def test_the_demo_officer_gets_the_same_password_twice_and_it_logs_in(client, tmp_path):
    password_file = tmp_path / "var" / "demo-officer-password"

    def run():
        out = io.StringIO()
        call_command("demo_officer", "http://testserver/admin/", password_file=password_file, stdout=out)
        return out.getvalue()

    first, second = run(), run()
    password = re.search(r"password: (\S+)", first).group(1)
    assert first == second
    assert "login: agent@demo.geoparticipation.invalid" in first
    assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
    assert User.objects.get(email="agent@demo.geoparticipation.invalid").is_superuser
    assert client.login(username="agent@demo.geoparticipation.invalid", password=password)
