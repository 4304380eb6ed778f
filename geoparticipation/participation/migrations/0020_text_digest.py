from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models

# The digest as analysis/sql/post_10_campaigns.sql defined it when this migration was written: the SQL objects are
# dropped around migrations, so the fill brings its own copy (the files install the current one after migrate).
DIGEST_FUNCTION = """
CREATE OR REPLACE FUNCTION analysis_text_digest(text text) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    normalised text := regexp_replace(
        lower(translate(text, 'àáâãäåçèéêëìíîïñòóôõöùúûüýÿœæÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝŸŒÆ',
                        'aaaaaaceeeeiiiinooooouuuuyyoaAAAAAACEEEEIIIINOOOOOUUUUYYOA')),
        '[^a-z]+', '', 'g');
BEGIN
    IF length(normalised) >= 30 THEN
        RETURN md5(normalised);
    END IF;
    RETURN NULL;
END
$$;
"""

BATCH = 20_000


def fill_digests(apps, schema_editor):
    """The rows already there, a batch of ids per transaction, so that no write waits long behind the fill."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(DIGEST_FUNCTION)
        for table, text in (
            ("participation_proposal", "title || ' ' || body"),
            ("participation_annotation", "comment"),
        ):
            cursor.execute(f"SELECT min(id), max(id) FROM {table}")
            low, high = cursor.fetchone()
            for start in range(low or 0, (high or -1) + 1, BATCH):
                cursor.execute(
                    f"UPDATE {table} SET text_digest = analysis_text_digest({text}) WHERE id >= %s AND id < %s",
                    [start, start + BATCH],
                )


class Migration(migrations.Migration):
    # Nullable columns are added without rewriting the tables, filled in batches, and indexed without locking out
    # writes (as in 0010 and 0011).
    atomic = False

    dependencies = [
        ("participation", "0019_console_scale_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="proposal",
            name="text_digest",
            field=models.CharField(editable=False, max_length=32, null=True),
        ),
        migrations.AddField(
            model_name="annotation",
            name="text_digest",
            field=models.CharField(editable=False, max_length=32, null=True),
        ),
        migrations.RunPython(fill_digests, migrations.RunPython.noop, elidable=True),
        AddIndexConcurrently(
            model_name="proposal",
            index=models.Index(
                condition=models.Q(
                    ("hidden_at__isnull", True), ("published_at__isnull", False), ("text_digest__isnull", False)
                ),
                fields=["process", "text_digest"],
                name="proposal_text_digest_idx",
            ),
        ),
        AddIndexConcurrently(
            model_name="annotation",
            index=models.Index(
                condition=models.Q(
                    ("hidden_at__isnull", True), ("published_at__isnull", False), ("text_digest__isnull", False)
                ),
                fields=["process", "text_digest"],
                name="annotation_text_digest_idx",
            ),
        ),
    ]
