from django.db import migrations

CELLS = """
CREATE TABLE tiles_cell_count (
    level smallint NOT NULL,
    kind text NOT NULL,
    x integer NOT NULL,
    y integer NOT NULL,
    process_id bigint NOT NULL,
    geometry_type text NOT NULL,
    features integer NOT NULL,
    sum_x double precision NOT NULL,
    sum_y double precision NOT NULL,
    PRIMARY KEY (level, kind, x, y, process_id, geometry_type)
);
"""


class Migration(migrations.Migration):
    """The published contributions of each grid cell of the aggregated tiles, with the sums of their EPSG:3857
    coordinates, so that a low-zoom tile sums a few thousand cells instead of aggregating every point under it. A cell
    of level L is the zoom-L tile (x, y), y counted from the south as ST_SquareGrid does. Kept by the triggers of
    sql/post_tiles.sql and recounted at every migrate, like the counters of layers_layer_count. Logged, unlike the
    cache: losing it in a crash would empty every low-zoom tile until the next migrate."""

    dependencies = [("tiles", "0002_tile_modified"), ("layers", "0004_layer_counts")]

    operations = [migrations.RunSQL(CELLS, reverse_sql="DROP TABLE tiles_cell_count")]
