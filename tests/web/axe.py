"""axe-core in the browser tests: the WCAG 2.0 and 2.1 A and AA rules, run on the page as it is drawn.

axe-core comes with the PyPI package axe-playwright-python (its bundled `axe.min.js`, read as `AXE_SCRIPT`), so
nothing is downloaded at run time. Its `Axe.run` injects axe into the top document only, so that an iframe (the
bilan's map) would go unchecked, and its report prints every impact: both are done here.
"""

from axe_playwright_python.base import AXE_SCRIPT

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
#: what fails a test; the moderate and minor findings are listed by `findings(…, impacts=…)` but do not fail
BLOCKING = ("serious", "critical")


def run(page) -> list[dict]:
    """Every violation axe-core finds in the page and its frames, at every impact."""
    for frame in page.frames:
        frame.evaluate(AXE_SCRIPT)
    return page.evaluate(
        "options => axe.run(document, options).then(results => results.violations)",
        {"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]},
    )


def findings(violations, impacts=BLOCKING) -> list[str]:
    """One line per element: « rule (impact) target: help », readable in a CI log."""
    return [
        f"{violation['id']} ({violation['impact']}) {' '.join(map(str, node['target']))}: {violation['help']}"
        for violation in violations
        if violation["impact"] in impacts
        for node in violation["nodes"]
    ]


def assert_accessible(page):
    """Fails listing the serious and critical violations of the page (rule id, target, help)."""
    blocking = findings(run(page))
    assert not blocking, f"axe-core on {page.url}:\n" + "\n".join(blocking)
