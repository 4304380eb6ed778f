import os
import secrets
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from geoparticipation.accounts.models import User

EMAIL = "agent@demo.geoparticipation.invalid"
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


class Command(BaseCommand):
    help = f"Ensures the demo officer {EMAIL} (staff, superuser) exists and prints its back-office login."

    def add_arguments(self, parser):
        parser.add_argument("url", help="the back-office address to print, e.g. http://127.0.0.1:8000/admin/")
        parser.add_argument("--password-file", type=Path, default=PASSWORD_FILE)

    def handle(self, *args, url, password_file, **options):
        password = demo_password(password_file)
        user, _ = User.objects.get_or_create(email=EMAIL, defaults={"pseudonym": PSEUDONYM})
        user.is_staff = user.is_superuser = user.is_active = True
        # Reset on every run, so that the printed login works even if someone changed the password.
        if not user.check_password(password):
            user.set_password(password)
        user.save()
        self.stdout.write(f"  back-office: {url}  login: {EMAIL}  password: {password}")
