-- Where contributions changed, for the tile cache (tiles/cache.py): the triggers that geoparticipation_watch()
-- (geoparticipation/sql/post_watch.sql) installs on each contribution table mark, in tiles_dirty (a table of the
-- tiles migrations), the z16 tiles a changed contribution covers, with the data version of the
-- change; (-1, -1) marks the whole kind (a bulk change). A cached tile of that kind is stale when a
-- newer mark lies under it. Read at lookup time, not applied by deleting tiles, so a tile built from data older
-- than a change can never outlive it.

-- A point or a small drawing marks the cells of its box, in a loop: a change is a box or a few, and planning a set
-- query for them cost more than the insert it follows. A long line or a large area marks the cells it crosses,
-- within the territory (a tile beyond it is never cached with content), however large it is: at most the few
-- thousand cells over the metropolis. Only a bulk statement (more than 1,000 rows: a seed, a restore) marks the
-- whole kind.
CREATE OR REPLACE FUNCTION tiles_mark(changed_kind text, geoms geometry[], changed_at bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    size constant double precision := 611.49622628141;  -- a z16 tile, in EPSG:3857 metres
    half constant double precision := 20037508.342789244;
    -- The z16 tile (x, y) whose EPSG:3857 square of ST_SquareGrid (aligned on the origin) is (i, j).
    offset_x constant integer := 32768;
    offset_y constant integer := 32767;
    g geometry;
    territory geometry;
    x0 integer; x1 integer; y0 integer; y1 integer;
BEGIN
    IF cardinality(geoms) > 1000 THEN
        INSERT INTO tiles_dirty AS d VALUES (changed_kind, -1, -1, changed_at)
        ON CONFLICT (kind, x, y) DO UPDATE SET version = excluded.version;
        RETURN;
    END IF;
    FOREACH g IN ARRAY coalesce(geoms, '{}') LOOP
        CONTINUE WHEN g IS NULL;
        x0 := floor((ST_XMin(g) + half) / size); x1 := floor((ST_XMax(g) + half) / size);
        y0 := floor((half - ST_YMax(g)) / size); y1 := floor((half - ST_YMin(g)) / size);
        IF (x1 - x0 + 1) * (y1 - y0 + 1) <= 16 THEN
            FOR mx IN x0..x1 LOOP
                FOR my IN y0..y1 LOOP
                    INSERT INTO tiles_dirty AS d VALUES (changed_kind, mx, my, changed_at)
                    ON CONFLICT (kind, x, y) DO UPDATE SET version = excluded.version;
                END LOOP;
            END LOOP;
        ELSE
            -- The communes' box (in Lambert-93, the storage SRID) and 2 km around it, as the tiles clip it
            -- (tiles/rendering.py).
            territory := coalesce(territory, (
                SELECT ST_Transform(ST_Expand(ST_SetSRID(ST_Extent(geom)::geometry, 2154), 2000), 3857)
                FROM territory_commune
            ));
            INSERT INTO tiles_dirty AS d
            SELECT DISTINCT changed_kind, offset_x + c.i, offset_y - c.j, changed_at
            FROM ST_SquareGrid(size, ST_Intersection(ST_Envelope(g), territory)) c
            WHERE ST_Intersects(c.geom, g)
            ON CONFLICT (kind, x, y) DO UPDATE SET version = excluded.version;
        END IF;
    END LOOP;
END
$$;

-- Fires after the version bump of the same statement: triggers of one event run in name order, and the version
-- triggers are named layers_version_*, these tiles_dirty_*. Only where a row is public before the write (old geometry)
-- or after it (new geometry), with the rule of participation/sql/post_10_visibility.sql: a tile that changed its
-- ETag for a private, unpublished or hidden row would show where something happened out of public view.
CREATE OR REPLACE FUNCTION tiles_mark_dirty() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    current bigint := (SELECT version FROM layers_data_version WHERE id = 1);
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM tiles_mark(TG_ARGV[0], ARRAY(
            SELECT ST_Transform(r.geom, 3857) FROM new_rows r
            WHERE participation_published(r.published_at, r.hidden_at)
              AND r.process_id IN (SELECT id FROM participation_public_process)
        ), current);
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM tiles_mark(TG_ARGV[0], ARRAY(
            SELECT ST_Transform(r.geom, 3857) FROM old_rows r
            WHERE participation_published(r.published_at, r.hidden_at)
              AND r.process_id IN (SELECT id FROM participation_public_process)
        ), current);
    END IF;
    RETURN NULL;
END
$$;
