from django.db import migrations

# The cache is emptied first: a cached tile gives no way of knowing when its data version was made, and rebuilding
# it costs one render.
MODIFIED = """
TRUNCATE tiles_cache;
ALTER TABLE tiles_cache ADD COLUMN modified timestamptz NOT NULL;
"""


class Migration(migrations.Migration):
    """Each cached tile keeps the time of the data version it was built from: its Last-Modified, which moves with
    its ETag."""

    dependencies = [("tiles", "0001_cache_and_dirty_tiles")]

    operations = [
        migrations.RunSQL(MODIFIED, reverse_sql="TRUNCATE tiles_cache; ALTER TABLE tiles_cache DROP COLUMN modified")
    ]
