"""The officers' guide's screenshots (README, « Guide des agents »), taken from `make demo`'s site in Debian's Chromium.

    .venv/bin/python scripts/console_screenshots.py http://127.0.0.1:8000/ [concertation-slug]

Signs in as the demo administrator (its password is in var/demo-officer-password) and saves one PNG per page in
docs/console/, 1,366 px wide, reduced to a 64-colour palette to keep the repository small.
"""

import io
import sys
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "console"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
#: (file, address under the site, what to wait for): the pages the guide shows, in its order
SHOTS = [
    ("tableau-de-bord", "gestion/", "h1"),
    ("espace", "gestion/concertations/{slug}/", "h1"),
    ("calendrier", "gestion/concertations/{slug}/calendrier/", "h1"),
    ("moderation", "gestion/moderation/", "h1"),
    ("reponses", "gestion/reponses/", "h1"),
    ("questionnaires", "gestion/concertations/{slug}/questionnaires/", "h1"),
    ("bilan", "gestion/concertations/{slug}/bilan/", "h1"),
]


def save(png: bytes, path: Path) -> None:
    image = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=64)
    image.save(path, optimize=True)


def main(base: str, slug: str) -> None:
    password = (ROOT / "var" / "demo-officer-password").read_text().strip()
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(locale="fr-FR", viewport={"width": 1366, "height": 900}, base_url=base)
        page.goto("/comptes/connexion/")
        page.get_by_label("Adresse e-mail").fill("agent@demo.geoparticipation.invalid")
        page.get_by_label("Mot de passe").fill(password)
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_load_state()
        for name, address, ready in SHOTS:
            response = page.goto(address.format(slug=slug))
            if response is None or response.status != 200:
                print(f"skipped {address}: {response.status if response else 'no answer'}")
                continue
            page.locator(ready).first.wait_for()
            save(page.screenshot(), OUT / f"{name}.png")
            print(f"docs/console/{name}.png")
        browser.close()


if __name__ == "__main__":
    arguments = sys.argv[1:] + ["http://127.0.0.1:8000/", "plan-climat"][len(sys.argv) - 1 :]
    main(*arguments[:2])
