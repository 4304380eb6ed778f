"""The pages every database starts with, and their default texts (texts/<slug>.md: a « # Title » line, then the
body in Markdown). Officers edit them in the back-office; a default is written only where its page is missing."""

from pathlib import Path

TEXTS = Path(__file__).resolve().parent / "texts"

LEGAL_NOTICE = "mentions-legales"
PERSONAL_DATA = "donnees-personnelles"
CHARTER = "charte-de-participation"
ACCESSIBILITY = "accessibilite"
#: in the order of the site's footer
SLUGS = [LEGAL_NOTICE, PERSONAL_DATA, CHARTER, ACCESSIBILITY]


def default(slug: str) -> dict[str, str]:
    """The title and body of the default text of `slug`."""
    first, _, body = (TEXTS / f"{slug}.md").read_text(encoding="utf-8").partition("\n")
    if not first.startswith("# "):
        raise ValueError(f"texts/{slug}.md must start with a « # Title » line.")
    return {"title": first[2:].strip(), "body": body.strip() + "\n"}


def create_missing(page_model) -> None:
    """Writes the default of every page the database lacks (`page_model`: the model, or a migration's)."""
    existing = set(page_model.objects.filter(slug__in=SLUGS).values_list("slug", flat=True))
    page_model.objects.bulk_create(
        [page_model(slug=slug, **default(slug)) for slug in SLUGS if slug not in existing], ignore_conflicts=True
    )
