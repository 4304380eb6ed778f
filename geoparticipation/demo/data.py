"""The demo's data, read from fixtures/demo/, and the French elisions that fill its templates."""

import yaml
from django.conf import settings
from django.utils.text import slugify

DIRECTORY = settings.BASE_DIR / "fixtures" / "demo"
# A reserved top-level domain: no message sent to a demo participant can reach anyone.
EMAIL_DOMAIN = "demo.geoparticipation.invalid"


def load(name: str):
    """The content of fixtures/demo/<name>.yaml."""
    with open(DIRECTORY / f"{name}.yaml", encoding="utf-8") as f:
        return yaml.safe_load(f)


def email(mailbox: str) -> str:
    """A demo participant's address, made from their pseudonym (or the officer's mailbox)."""
    return f"{slugify(mailbox)}@{EMAIL_DOMAIN}"


def _elides(nom):
    return nom[0] in "AEIOUYÉÈÊ" or (nom[0] == "H" and not nom.startswith("Hallennes"))


def a_commune(nom):
    """« à Lille », « au Maisnil »."""
    return f"au {nom[3:]}" if nom.startswith("Le ") else f"à {nom}"


def de_commune(nom):
    """« de Lille », « d'Armentières », « du Maisnil »."""
    if nom.startswith("Le "):
        return f"du {nom[3:]}"
    return f"d'{nom}" if _elides(nom) else f"de {nom}"


def fill(template, nom):
    """A template of fixtures/demo/ written for the commune `nom`: {a}, {de} and {commune}."""
    return template.format(a=a_commune(nom), de=de_commune(nom), commune=nom)
