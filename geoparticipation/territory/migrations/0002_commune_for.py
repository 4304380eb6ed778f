from pathlib import Path

from django.db import migrations

SQL = (Path(__file__).resolve().parent.parent / "sql" / "commune_for.sql").read_text()


class Migration(migrations.Migration):
    dependencies = [("territory", "0001_initial")]

    operations = [
        migrations.RunSQL(SQL, reverse_sql="DROP FUNCTION IF EXISTS territory_commune_for(geometry)"),
    ]
