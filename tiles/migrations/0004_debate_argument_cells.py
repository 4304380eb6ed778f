from django.db import migrations


class Migration(migrations.Migration):
    """The placed arguments of debates are counted per cell too (sql/post_tiles.sql). They have no concertation of
    their own: a cell is kept per scope, the concertation of a contribution or the debate of an argument, whose
    visibility is applied when reading (tiles/rendering.py), so that a debate hidden or moved rewrites no cell."""

    dependencies = [("tiles", "0003_cell_count")]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE tiles_cell_count RENAME COLUMN process_id TO scope_id",
            reverse_sql="ALTER TABLE tiles_cell_count RENAME COLUMN scope_id TO process_id",
        )
    ]
