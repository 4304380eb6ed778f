from django.db import migrations


class Migration(migrations.Migration):
    """Created territory_commune_for() from a SQL file, once; kept for the graph. Functions, views and triggers are
    now dropped and created again around every migrate, from each app's sql/post_*.sql
    (geoparticipation/dbobjects.py)."""

    dependencies = [("territory", "0001_initial")]

    operations = []
