from django.db import migrations

from geoparticipation.pages import defaults


def create_default_pages(apps, schema_editor):
    defaults.create_missing(apps.get_model("pages", "Page"))


class Migration(migrations.Migration):

    dependencies = [
        ('pages', '0001_initial'),
    ]

    operations = [
        # Officers' edits are kept: only a missing page gets its default text.
        migrations.RunPython(create_default_pages, migrations.RunPython.noop),
    ]
