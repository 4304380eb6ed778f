from tests.web.browser import browser, page  # noqa: F401  (fixtures)
