from django.db import migrations

# IF NOT EXISTS: databases created before this migration already hold these tables (they were made at migrate time).
DATA_VERSION = """
CREATE TABLE IF NOT EXISTS layers_data_version (
    id smallint PRIMARY KEY CHECK (id = 1),
    version bigint NOT NULL,
    modified timestamptz NOT NULL,
    global_version bigint NOT NULL DEFAULT 0
);
INSERT INTO layers_data_version (id, version, modified, global_version) VALUES (1, 1, now(), 1)
ON CONFLICT (id) DO NOTHING;
"""

COMMUNE_COUNT = """
CREATE TABLE IF NOT EXISTS layers_commune_count (
    commune_id bigint NOT NULL,
    process_id bigint NOT NULL,
    proposals integer NOT NULL DEFAULT 0,
    meetings integer NOT NULL DEFAULT 0,
    annotations integer NOT NULL DEFAULT 0,
    PRIMARY KEY (commune_id, process_id)
);
"""


class Migration(migrations.Migration):
    """The tables behind the feeds: one row whose version changes with published data (ETags, tile validity), and
    public contributions per commune and concertation. Their triggers are in sql/post_*.sql."""

    dependencies = [("layers", "0002_surveyanswerfeature")]

    operations = [
        migrations.RunSQL(DATA_VERSION, reverse_sql="DROP TABLE layers_data_version"),
        migrations.RunSQL(COMMUNE_COUNT, reverse_sql="DROP TABLE layers_commune_count"),
    ]
