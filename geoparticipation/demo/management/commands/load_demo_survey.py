from django.core.management.base import BaseCommand

from geoparticipation.demo import survey


class Command(BaseCommand):
    help = "Ajoute à la concertation plan-climat un questionnaire de démonstration et ses réponses (idempotent)."

    def handle(self, *args, **options):
        questionnaire, created = survey.load()
        self.stdout.write(f"Questionnaire « {questionnaire.title} » : {created} réponse(s) ajoutée(s).")
