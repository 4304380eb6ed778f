from pathlib import Path

from django.db import migrations

SQL = (Path(__file__).resolve().parent.parent / "sql" / "commune_trigger.sql").read_text()


class Migration(migrations.Migration):
    dependencies = [("surveys", "0002_surveys"), ("territory", "0002_commune_for")]

    operations = [
        migrations.RunSQL(SQL, reverse_sql="DROP FUNCTION IF EXISTS surveys_set_commune() CASCADE"),
    ]
