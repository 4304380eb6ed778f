from django.db import migrations

LAYER_COUNT = """
CREATE TABLE layers_layer_count (
    process_id bigint NOT NULL,
    kind text NOT NULL,
    geometry_type text NOT NULL,
    commune_id bigint NOT NULL,
    features integer NOT NULL DEFAULT 0,
    PRIMARY KEY (kind, process_id, geometry_type, commune_id)
);
"""


class Migration(migrations.Migration):
    """Published contributions per layer kind, concertation, geometry type and commune (0 outside the communes): the
    number of features of an unfiltered collection (numberMatched) is their sum. Split by commune so that concurrent
    contributions to one concertation do not all wait for one row's lock, only those that already share a row of
    layers_commune_count. Kept by the counting triggers of sql/post_20_commune_counts.sql and recounted at every
    migrate."""

    dependencies = [("layers", "0003_data_version_and_commune_counts")]

    operations = [migrations.RunSQL(LAYER_COUNT, reverse_sql="DROP TABLE layers_layer_count")]
