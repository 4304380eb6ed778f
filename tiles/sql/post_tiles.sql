-- Where contributions changed, for the tile cache (tiles/cache.py): the triggers that geoparticipation_watch()
-- (geoparticipation/sql/post_watch.sql) installs on each contribution table mark, in tiles_dirty (a table of the
-- tiles migrations), the z16 tiles a changed contribution's bounding box covers, with the data version of the
-- change; (-1, -1) marks the whole kind (a bulk change, a huge geometry). A cached tile of that kind is stale when a
-- newer mark lies under it. Read at lookup time, not applied by deleting tiles, so a tile built from data older
-- than a change can never outlive it.

-- Loops rather than set operations: a change is a box or a few, and planning a set query for them cost more than
-- the insert it follows.
CREATE OR REPLACE FUNCTION tiles_mark(changed_kind text, boxes geometry[], changed_at bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    size constant double precision := 611.49622628141;  -- a z16 tile, in EPSG:3857 metres
    half constant double precision := 20037508.342789244;
    b geometry;
    x0 integer; x1 integer; y0 integer; y1 integer;
    whole boolean := cardinality(boxes) > 1000;
BEGIN
    IF NOT whole THEN
        FOREACH b IN ARRAY coalesce(boxes, '{}') LOOP
            CONTINUE WHEN b IS NULL;
            x0 := floor((ST_XMin(b) + half) / size); x1 := floor((ST_XMax(b) + half) / size);
            y0 := floor((half - ST_YMax(b)) / size); y1 := floor((half - ST_YMin(b)) / size);
            IF (x1 - x0 + 1) * (y1 - y0 + 1) > 1024 THEN
                whole := true;
                EXIT;
            END IF;
            FOR mx IN x0..x1 LOOP
                FOR my IN y0..y1 LOOP
                    INSERT INTO tiles_dirty AS d VALUES (changed_kind, mx, my, changed_at)
                    ON CONFLICT (kind, x, y) DO UPDATE SET version = excluded.version;
                END LOOP;
            END LOOP;
        END LOOP;
    END IF;
    IF whole THEN
        INSERT INTO tiles_dirty AS d VALUES (changed_kind, -1, -1, changed_at)
        ON CONFLICT (kind, x, y) DO UPDATE SET version = excluded.version;
    END IF;
END
$$;

-- Fires after the version bump of the same statement: triggers of one event run in name order, and the version
-- trigger is named layers_version, this one tiles_dirty_*.
CREATE OR REPLACE FUNCTION tiles_mark_dirty() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    current bigint := (SELECT version FROM layers_data_version WHERE id = 1);
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM tiles_mark(TG_ARGV[0], ARRAY(SELECT ST_Transform(ST_Envelope(geom), 3857) FROM new_rows), current);
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM tiles_mark(TG_ARGV[0], ARRAY(SELECT ST_Transform(ST_Envelope(geom), 3857) FROM old_rows), current);
    END IF;
    RETURN NULL;
END
$$;
