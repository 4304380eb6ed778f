import pytest

from ..factories import make_process
from ..web.browser import browser, page  # noqa: F401  (fixtures of the browser test)
from .factories import make_survey


@pytest.fixture
def survey(db):
    return make_survey(make_process())


@pytest.fixture
def private_survey(db):
    return make_survey(make_process("prive", is_private=True), slug="secret")
