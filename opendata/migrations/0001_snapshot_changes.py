from django.conf import settings
from django.db import migrations

# Filled by the triggers of sql/post_snapshots.sql, emptied by opendata/purge.py. A logged table: a hidden row
# whose entry were lost in a crash would stay in the snapshots.
CHANGES = f"""
CREATE TABLE opendata_snapshot_change (
    id bigserial PRIMARY KEY,
    layer text NOT NULL,
    row_id bigint NOT NULL,
    columns text[] NOT NULL DEFAULT '{{}}',
    category text NOT NULL DEFAULT '',
    point geometry(Point, {int(settings.STORAGE_SRID)}),
    queued_at timestamptz NOT NULL DEFAULT now()
);
"""


class Migration(migrations.Migration):
    """The public rows whose stored snapshots must change: hidden, unpublished, deleted or moved out of public view
    (removed from every snapshot), or whose text moderation corrected (rewritten)."""

    dependencies = [("layers", "0003_data_version_and_commune_counts")]

    operations = [migrations.RunSQL(CHANGES, reverse_sql="DROP TABLE opendata_snapshot_change")]
