-- What the stored snapshots (opendata/snapshots.py) must forget or correct, queued by row triggers that
-- geoparticipation_watch() (geoparticipation/sql/post_watch.sql) installs on each contribution table: whatever the
-- path (a service, the back-office, raw SQL), a row that was published (participation_published, before the
-- write) and is hidden, unpublished, moved to another concertation, deleted, or whose text changed. Whether it is
-- still public, and what it now says, is read when the queue is applied (opendata/purge.py), from the layer views.
-- A row trigger with a WHEN clause and a column list: a support, which rewrites a proposal's counters, or a new
-- contribution does not even call it.
--
-- TG_ARGV: the layer, then the text columns a moderation correction may rewrite. `point`: where the row counted in
-- the density rasters (opendata/density.py counts proposals and annotations there), before the write.
CREATE OR REPLACE FUNCTION opendata_queue_snapshot_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    changed text[] := '{}';
    category text := '';
    name text;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        category := NEW.hidden_category;
        FOREACH name IN ARRAY TG_ARGV[1:] LOOP
            IF to_jsonb(OLD) -> name IS DISTINCT FROM to_jsonb(NEW) -> name THEN
                changed := changed || name;
            END IF;
        END LOOP;
    END IF;
    INSERT INTO opendata_snapshot_change (layer, row_id, columns, category, point)
    VALUES (TG_ARGV[0], OLD.id, changed, category,
            CASE WHEN TG_ARGV[0] IN ('proposals', 'annotations') THEN ST_PointOnSurface(OLD.geom) END);
    RETURN NULL;
END
$$;
