"""The console's people, one per role, for the `process` fixture's concertation (« plan-climat »):

- `administrator`: everything;
- `process_officer`: officer of « plan-climat » only;
- `other_officer`: officer of another concertation (« mobilite ») only;
- `commune_officer`: the team of Lille (INSEE 59350), no concertation;
- `citizen` (tests/conftest.py): no role.
"""

import pytest

from geoparticipation.accounts.models import User
from geoparticipation.console.models import Role
from geoparticipation.territory.models import Commune
from tests.factories import make_process

PASSWORD = "un-mot-de-passe-solide"
LILLE = "59350"
ROUBAIX = "59512"


def grant(user, kind, *, process=None, commune=None):
    Role.objects.create(user=user, kind=kind, process=process, commune=commune)
    return user


@pytest.fixture
def administrator(db):
    user = User.objects.create_user("admin-console@example.org", "Administratrice", PASSWORD)
    return grant(user, Role.Kind.ADMINISTRATOR)


@pytest.fixture
def process_officer(process):
    user = User.objects.create_user("agent-climat@example.org", "Agent climat", PASSWORD)
    return grant(user, Role.Kind.PROCESS_OFFICER, process=process)


@pytest.fixture
def other_process(db):
    return make_process("mobilite")


@pytest.fixture
def other_officer(other_process):
    user = User.objects.create_user("agent-mobilite@example.org", "Agent mobilité", PASSWORD)
    return grant(user, Role.Kind.PROCESS_OFFICER, process=other_process)


@pytest.fixture
def commune_officer(db):
    user = User.objects.create_user("agent-lille@example.org", "Équipe de Lille", PASSWORD)
    return grant(user, Role.Kind.COMMUNE_OFFICER, commune=Commune.objects.get(insee=LILLE))
