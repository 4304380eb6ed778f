import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    # The column is written by rewriting the table once (about a minute for a million proposals, during which the
    # table is locked); its index is then built without locking out writes.
    atomic = False

    dependencies = [
        ("participation", "0011_proposal_life_cycle"),
        ("search", "0001_french_unaccent"),
    ]

    operations = [
        migrations.AddField(
            model_name="proposal",
            name="search_vector",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.contrib.postgres.search.CombinedSearchVector(
                    django.contrib.postgres.search.SearchVector("title", config="french_unaccent", weight="A"),
                    "||",
                    django.contrib.postgres.search.SearchVector("body", config="french_unaccent", weight="B"),
                    django.contrib.postgres.search.SearchConfig("french_unaccent"),
                ),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        AddIndexConcurrently(
            model_name="proposal",
            index=django.contrib.postgres.indexes.GinIndex(fields=["search_vector"], name="proposal_search_idx"),
        ),
    ]
