"""`manage.py demo_officer`: the back-office login of the demo, whose password stays out of the repository."""

import os
import secrets
from pathlib import Path

from django.conf import settings

from geoparticipation.accounts.models import User

from .data import EMAIL_DOMAIN

EMAIL = f"agent@{EMAIL_DOMAIN}"
PSEUDONYM = "Agent MEL"
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


def ensure_officer(password_file: Path = PASSWORD_FILE) -> str:
    """Makes the demo officer (staff, superuser) able to sign in with the kept password, and returns that password."""
    password = demo_password(password_file)
    user, _ = User.objects.get_or_create(email=EMAIL, defaults={"pseudonym": PSEUDONYM})
    user.is_staff = user.is_superuser = user.is_active = True
    # Reset on every run, so that the printed login works even if someone changed the password.
    if not user.check_password(password):
        user.set_password(password)
    user.save()
    return password
