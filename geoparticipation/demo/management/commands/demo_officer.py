from pathlib import Path

from django.core.management.base import BaseCommand

from geoparticipation.demo import officer


class Command(BaseCommand):
    help = f"Ensures the demo officer {officer.EMAIL} (staff, superuser) exists and prints its back-office login."

    def add_arguments(self, parser):
        parser.add_argument("url", help="the back-office address to print, e.g. http://127.0.0.1:8000/admin/")
        parser.add_argument("--password-file", type=Path, default=officer.PASSWORD_FILE)

    def handle(self, *args, url, password_file, **options):
        password = officer.ensure_officer(password_file)
        self.stdout.write(f"  back-office: {url}  login: {officer.EMAIL}  password: {password}")
