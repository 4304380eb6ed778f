import pytest
from django.core.cache import cache

from geoparticipation.console.models import Role
from geoparticipation.participation.models import Theme

from .helpers import ROUBAIX, annotate, person, propose


@pytest.fixture
def small_dataset(process):
    """Five contributions whose every count is known: two people from Lille, one from Paris, one who said nothing.

    | contribution | kind       | commune | author      | home    | age   | gender |
    | Vélo 1       | proposal   | Lille   | Alice       | Lille   | 25-34 | f      |
    | Vélo 2       | proposal   | Roubaix | Alice       | Lille   | 25-34 | f      |
    | Bus          | proposal   | Roubaix | Bruno       | Roubaix | 50-64 | m      |
    | Motos        | proposal   | Lille   | Motard      | outside | 35-49 | m      |
    | Trou         | annotation | Lille   | Discret     | —       | —     | —      |
    """
    mobilite = Theme.objects.get(slug="mobilite")
    mobilite.name = "Mobilité"
    mobilite.save()
    alice = person("Alice", home="59350", age="25-34", gender="f")
    bruno = person("Bruno", home="59512", age="50-64", gender="m")
    motard = person("Motard", outside=True, age="35-49", gender="m")
    discret = person("Discret")
    return {
        "process": process,
        "people": [alice, bruno, motard, discret],
        "proposals": [
            propose(process, alice, "Vélo 1", theme=mobilite),
            propose(process, alice, "Vélo 2", theme=mobilite, where=ROUBAIX),
            propose(process, bruno, "Bus", where=ROUBAIX),
            propose(process, motard, "Motos", theme=mobilite),
        ],
        "annotations": [annotate(process, discret, "Trou dans la chaussée")],
    }


@pytest.fixture
def analyst(officer):
    """The officer who opens the analysis pages: an administrator, since a role, not is_staff, opens them."""
    Role.objects.create(user=officer, kind=Role.Kind.ADMINISTRATOR)
    return officer


@pytest.fixture(autouse=True)
def no_kept_summary():
    """Each test's rows start again from the same data version: a summary kept by an earlier test would match it."""
    cache.clear()
