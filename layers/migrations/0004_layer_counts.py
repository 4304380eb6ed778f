from django.db import migrations

LAYER_COUNT = """
CREATE TABLE layers_layer_count (
    process_id bigint NOT NULL,
    kind text NOT NULL,
    geometry_type text NOT NULL,
    features integer NOT NULL DEFAULT 0,
    PRIMARY KEY (kind, process_id, geometry_type)
);
"""


class Migration(migrations.Migration):
    """Published contributions per layer kind, concertation and geometry type, whatever their commune: the number of
    features of an unfiltered OGC API collection (numberMatched). Kept by the counting triggers of
    sql/post_20_commune_counts.sql and recounted at every migrate."""

    dependencies = [("layers", "0003_data_version_and_commune_counts")]

    operations = [migrations.RunSQL(LAYER_COUNT, reverse_sql="DROP TABLE layers_layer_count")]
