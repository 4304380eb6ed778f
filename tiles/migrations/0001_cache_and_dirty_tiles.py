from django.db import migrations

# UNLOGGED: losing them in a crash only costs rebuilding tiles, and their writes skip the WAL. IF NOT EXISTS:
# databases created before this migration already hold them (they were made at migrate time).
CACHE = """
CREATE UNLOGGED TABLE IF NOT EXISTS tiles_cache (
    layer text NOT NULL,
    z smallint NOT NULL,
    x integer NOT NULL,
    y integer NOT NULL,
    version bigint NOT NULL,
    tile bytea NOT NULL,
    PRIMARY KEY (layer, z, x, y)
);
-- Tiles are already compact protobuf: storing them uncompressed keeps writes and reads cheap.
ALTER TABLE tiles_cache ALTER COLUMN tile SET STORAGE EXTERNAL;
"""

DIRTY = """
CREATE UNLOGGED TABLE IF NOT EXISTS tiles_dirty (
    kind text NOT NULL,
    x integer NOT NULL,
    y integer NOT NULL,
    version bigint NOT NULL,
    PRIMARY KEY (kind, x, y)
);
"""


class Migration(migrations.Migration):
    """The cache of rendered tiles, each with the data version it was built from (tiles/cache.py), and where
    contributions changed, as z16 tiles (filled by the triggers of sql/post_tiles.sql)."""

    dependencies = [("layers", "0003_data_version_and_commune_counts")]

    operations = [
        migrations.RunSQL(CACHE, reverse_sql="DROP TABLE tiles_cache"),
        migrations.RunSQL(DIRTY, reverse_sql="DROP TABLE tiles_dirty"),
    ]
