from django.db import migrations


class Migration(migrations.Migration):
    """Created the commune trigger of map answers from a SQL file, once; kept for the graph. Functions, views and
    triggers are now dropped and created again around every migrate, from each app's sql/post_*.sql
    (geoparticipation/dbobjects.py)."""

    dependencies = [("surveys", "0002_surveys"), ("participation", "0002_commune_trigger")]

    operations = []
