import pytest
from django.core.management import call_command
from django.test import override_settings

from geoparticipation.accounts.models import User
from geoparticipation.territory.models import Commune

from .factories import make_process, make_proposal


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The 95 communes are loaded once into the test database; every test starts from them."""
    with django_db_blocker.unblock():
        call_command("load_communes", verbosity=0)


@pytest.fixture(scope="session", autouse=True)
def reads_on_the_primary():
    """Every read goes to the primary unless a test sends the feeds to the replica (tests/operations/test_replicas.py):
    the other tests read rows they have just written, or not committed at all. For the whole session, so that
    module-scoped fixtures, which run before any test's own settings, read the primary too."""
    with override_settings(DATABASE_REPLICAS=[]):
        yield


@pytest.fixture(autouse=True)
def no_limits(settings):
    """Rate limits and login lockout are off unless a test turns them on (tests/limits/): the other tests make
    as many requests as they need, and log in with the test client, which axes would refuse (no request)."""
    settings.RATE_LIMITS = {}
    settings.AXES_ENABLED = False


@pytest.fixture(autouse=True)
def background_work_in_the_request(settings):
    """The snapshots' purge after a hide and the bilan's summary run in the test's own thread, which alone sees the
    test's rows."""
    settings.OPENDATA_PURGE_IN_BACKGROUND = False
    settings.BILAN_REFRESH_IN_BACKGROUND = False


@pytest.fixture
def process(db):
    return make_process()


@pytest.fixture
def citizen(db):
    return User.objects.create_user("camille@example.org", "Camille59", "un-mot-de-passe-solide")


@pytest.fixture
def proposal(process, citizen):
    """Camille's proposal at the Grand-Place, « Un abri vélo »."""
    return make_proposal(process, citizen)


@pytest.fixture
def officer(db):
    return User.objects.create_user("agent@example.org", "Agent MEL", "un-mot-de-passe-solide", is_staff=True)


@pytest.fixture
def committed_territory(transactional_db):
    """For tests that need committed rows (threads, live server): each one starts after a flush."""
    if not Commune.objects.exists():
        call_command("load_communes", verbosity=0)
