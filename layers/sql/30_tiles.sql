-- The server-side cache of vector tiles (tiles/cache.py). UNLOGGED: losing it on a crash only costs a rebuild,
-- and its writes skip the WAL. A row keeps the data version it was built from; tiles/cache.py says when it is
-- still valid; a stale row is overwritten the next time its tile is asked for.
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

-- Where contributions changed, per kind (proposals, annotations, meetings), as the z16 tiles their bounding boxes
-- cover, with the data version of the change; (-1, -1) marks the whole kind (a bulk change, a huge geometry).
-- A cached tile of that kind is stale when a newer mark lies under it (tiles/cache.py). Read at lookup time, not
-- applied by deleting tiles, so a tile built from data older than a change can never outlive it.
CREATE UNLOGGED TABLE IF NOT EXISTS tiles_dirty (
    kind text NOT NULL,
    x integer NOT NULL,
    y integer NOT NULL,
    version bigint NOT NULL,
    PRIMARY KEY (kind, x, y)
);

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

-- Fires after the version bump of the same statement (triggers run in name order: layers_ before tiles_).
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

DO $$
DECLARE
    kinds text[] := ARRAY['proposals', 'meetings', 'annotations'];
    tables text[] := ARRAY['participation_proposal', 'participation_meeting', 'participation_annotation'];
BEGIN
    FOR i IN 1..3 LOOP
        EXECUTE format('CREATE OR REPLACE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION tiles_mark_dirty(%L)',
                       tables[i] || '_tiles_ins', tables[i], kinds[i]);
        EXECUTE format('CREATE OR REPLACE TRIGGER %I AFTER UPDATE ON %I '
                       'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION tiles_mark_dirty(%L)',
                       tables[i] || '_tiles_upd', tables[i], kinds[i]);
        EXECUTE format('CREATE OR REPLACE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION tiles_mark_dirty(%L)',
                       tables[i] || '_tiles_del', tables[i], kinds[i]);
    END LOOP;
END
$$;
