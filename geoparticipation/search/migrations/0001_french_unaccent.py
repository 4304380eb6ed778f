from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    """The text search configuration of the site's search (search/text.py): French stemming after unaccent, on the
    token types that may carry accents; the ASCII ones go to the stemmer alone, as in `french`."""

    dependencies = []

    operations = [
        # A trusted extension since PostgreSQL 13: the database's owner may create it.
        UnaccentExtension(),
        migrations.RunSQL(
            sql="""
                CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = pg_catalog.french);
                ALTER TEXT SEARCH CONFIGURATION french_unaccent
                    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
            """,
            reverse_sql="DROP TEXT SEARCH CONFIGURATION french_unaccent;",
        ),
    ]
