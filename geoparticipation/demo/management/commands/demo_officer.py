from pathlib import Path

from django.core.management.base import BaseCommand

from geoparticipation.demo import officer


class Command(BaseCommand):
    help = (
        f"Ensures the demo administrator {officer.EMAIL} (superuser) and Roubaix's team {officer.COMMUNE_EMAIL} "
        "exist, and prints their console login."
    )

    def add_arguments(self, parser):
        parser.add_argument("url", help="the site's address, e.g. http://127.0.0.1:8000/")
        parser.add_argument("--password-file", type=Path, default=officer.PASSWORD_FILE)

    def handle(self, *args, url, password_file, **options):
        password = officer.ensure_officer(password_file)
        root = url.rstrip("/")
        self.stdout.write(f"  console: {root}/gestion/  login: {officer.EMAIL}  password: {password}")
        self.stdout.write(f"  commune officer (Roubaix): login: {officer.COMMUNE_EMAIL}, same password")
        self.stdout.write(f"  Django admin (superusers): {root}/admin/")
