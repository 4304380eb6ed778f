"""`manage.py demo_officer`: the console's logins of the demo, whose password stays out of the repository: the
administrator (a superuser, who also opens the Django admin) and the team of one commune (Roubaix), who sees and
answers the proposals placed in it."""

import os
import secrets
from pathlib import Path

from django.conf import settings

from geoparticipation.accounts.models import User
from geoparticipation.console.models import Role
from geoparticipation.territory.models import Commune

from .data import EMAIL_DOMAIN

EMAIL = f"agent@{EMAIL_DOMAIN}"
PSEUDONYM = "Agent MEL"
COMMUNE_EMAIL = f"equipe-roubaix@{EMAIL_DOMAIN}"
COMMUNE_PSEUDONYM = "Équipe projet de Roubaix"
COMMUNE_INSEE = "59512"
# Outside the repository's tracked files (var/ is git-ignored): the password is never committed.
PASSWORD_FILE = settings.BASE_DIR / "var" / "demo-officer-password"


def demo_password(path: Path) -> str:
    """The password kept in `path` (mode 600), generated the first time."""
    if path.exists() and path.read_text().strip():
        path.chmod(0o600)
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    password = secrets.token_urlsafe(18)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(password + "\n")
    path.chmod(0o600)
    return password


def _ensure_login(email, pseudonym, password, **flags) -> User:
    user, _ = User.objects.get_or_create(email=email, defaults={"pseudonym": pseudonym})
    for name, value in flags.items():
        setattr(user, name, value)
    user.is_active = True
    # Reset on every run, so that the printed login works even if someone changed the password.
    if not user.check_password(password):
        user.set_password(password)
    user.save()
    return user


def ensure_officer(password_file: Path = PASSWORD_FILE) -> str:
    """Makes the demo administrator (staff, superuser) and Roubaix's team (a commune officer) able to sign in with
    the kept password, and returns that password."""
    password = demo_password(password_file)
    _ensure_login(EMAIL, PSEUDONYM, password, is_staff=True, is_superuser=True)
    team = _ensure_login(COMMUNE_EMAIL, COMMUNE_PSEUDONYM, password)
    commune = Commune.objects.filter(insee=COMMUNE_INSEE).first()
    if commune is not None:
        Role.objects.get_or_create(user=team, kind=Role.Kind.COMMUNE_OFFICER, commune=commune)
    return password
