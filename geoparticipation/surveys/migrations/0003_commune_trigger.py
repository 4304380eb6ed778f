from pathlib import Path

from django.db import migrations

SQL = (Path(__file__).resolve().parent.parent / "sql" / "commune_trigger.sql").read_text()


class Migration(migrations.Migration):
    dependencies = [("surveys", "0002_surveys"), ("participation", "0002_commune_trigger")]

    operations = [
        migrations.RunSQL(SQL, reverse_sql="DROP TRIGGER IF EXISTS surveys_answer_commune ON surveys_answer"),
    ]
