from django.db import migrations


class Migration(migrations.Migration):
    """Created the commune trigger function from a SQL file, once; kept for the graph. Functions, views and triggers
    are now dropped and created again around every migrate, from each app's sql/post_*.sql
    (geoparticipation/dbobjects.py)."""

    dependencies = [("participation", "0001_initial"), ("territory", "0002_commune_for")]

    operations = []
