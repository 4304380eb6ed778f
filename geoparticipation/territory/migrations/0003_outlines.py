from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("territory", "0002_commune_for")]

    operations = [
        migrations.CreateModel(
            name="Outlines",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("geojson", models.TextField()),
                ("etag", models.CharField(max_length=64)),
                ("made_at", models.DateTimeField(auto_now=True)),
            ],
        ),
    ]
