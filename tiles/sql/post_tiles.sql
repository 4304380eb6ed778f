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

-- The published contributions per grid cell of the aggregated tiles (tiles_cell_count, a table of the tiles
-- migrations), kept by statement-level triggers so that a low-zoom tile sums cells instead of every point under it.
-- A row counts when participation_published() holds, as in layers_layer_count, and per scope: its concertation, or
-- for a placed argument its debate; whether the scope is public is applied when reading (tiles/rendering.py). Each contribution is counted at one point, in EPSG:3857: itself, or
-- the centroid of a line or an area, the point the tiles always aggregated. Three levels: the zoom-18 tiles, cells
-- of the 16 × 16 grid of a zoom-14 tile, the zoom-16 and the zoom-14 tiles, cells of a zoom-12 and of a zoom-10 one;
-- tiles/rendering.py reads the coarsest that is fine enough, so that a tile sums at most 32 × 32 cells per
-- concertation (below zoom 9, the zoom-14 cells of the whole territory), however many contributions they hold.
CREATE OR REPLACE FUNCTION tiles_cell_point(g geometry) RETURNS geometry
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ST_Transform(CASE WHEN GeometryType(g) = 'POINT' THEN g ELSE ST_Centroid(g) END, 3857)
$$;

-- The zoom-18 tile column (of x) or row counted from the south (of y) that holds an EPSG:3857 coordinate.
CREATE OR REPLACE FUNCTION tiles_cell_index(coordinate double precision) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT floor((coordinate + 20037508.342789244) / 152.8740565703525)::integer
$$;

-- Adds the deltas of zoom-18 cells (one element per cell, no cell twice) to every level, in one statement.
CREATE OR REPLACE FUNCTION tiles_cells_apply(
    counted_kind text, scopes bigint[], types text[], xs integer[], ys integer[], deltas integer[],
    sums_x double precision[], sums_y double precision[]
)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO tiles_cell_count AS c (level, kind, x, y, scope_id, geometry_type, features, sum_x, sum_y)
    SELECT 18, counted_kind, d.x, d.y, d.scope_id, d.geometry_type, d.delta, d.sum_x, d.sum_y
    FROM unnest(scopes, types, xs, ys, deltas, sums_x, sums_y)
         AS d(scope_id, geometry_type, x, y, delta, sum_x, sum_y)
    UNION ALL
    SELECT l.level, counted_kind, d.x >> (18 - l.level), d.y >> (18 - l.level), d.scope_id, d.geometry_type,
           sum(d.delta), sum(d.sum_x), sum(d.sum_y)
    FROM unnest(scopes, types, xs, ys, deltas, sums_x, sums_y)
         AS d(scope_id, geometry_type, x, y, delta, sum_x, sum_y)
    CROSS JOIN (VALUES (16), (14)) AS l(level)
    GROUP BY l.level, d.x >> (18 - l.level), d.y >> (18 - l.level), d.scope_id, d.geometry_type
    ON CONFLICT (level, kind, x, y, scope_id, geometry_type) DO UPDATE SET
        features = c.features + excluded.features,
        sum_x = c.sum_x + excluded.sum_x,
        sum_y = c.sum_y + excluded.sum_y;
END
$$;

-- +1 and the coordinates for each visible new row, -1 and minus them for each visible old row, grouped by cell. An
-- update counts only the rows whose point, concertation or visibility changed: a new support rewrites its proposal,
-- and must not rewrite its cells.
CREATE OR REPLACE FUNCTION tiles_cells_delta() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    scopes bigint[];
    types text[];
    xs integer[];
    ys integer[];
    deltas integer[];
    sums_x double precision[];
    sums_y double precision[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(process_id), array_agg(geometry_type), array_agg(x), array_agg(y), array_agg(delta),
               array_agg(sum_x), array_agg(sum_y)
        INTO scopes, types, xs, ys, deltas, sums_x, sums_y
        FROM (SELECT process_id, geometry_type, tiles_cell_index(ST_X(p)) AS x, tiles_cell_index(ST_Y(p)) AS y,
                     count(*)::integer AS delta, sum(ST_X(p)) AS sum_x, sum(ST_Y(p)) AS sum_y
              FROM (SELECT process_id, GeometryType(geom) AS geometry_type, tiles_cell_point(geom) AS p
                    FROM new_rows WHERE participation_published(published_at, hidden_at) AND geom IS NOT NULL
                    OFFSET 0) r
              GROUP BY 1, 2, 3, 4) d;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(process_id), array_agg(geometry_type), array_agg(x), array_agg(y), array_agg(delta),
               array_agg(sum_x), array_agg(sum_y)
        INTO scopes, types, xs, ys, deltas, sums_x, sums_y
        FROM (SELECT process_id, geometry_type, tiles_cell_index(ST_X(p)) AS x, tiles_cell_index(ST_Y(p)) AS y,
                     -count(*)::integer AS delta, -sum(ST_X(p)) AS sum_x, -sum(ST_Y(p)) AS sum_y
              FROM (SELECT process_id, GeometryType(geom) AS geometry_type, tiles_cell_point(geom) AS p
                    FROM old_rows WHERE participation_published(published_at, hidden_at) AND geom IS NOT NULL
                    OFFSET 0) r
              GROUP BY 1, 2, 3, 4) d;
    ELSE
        SELECT array_agg(process_id), array_agg(geometry_type), array_agg(x), array_agg(y), array_agg(delta),
               array_agg(sum_x), array_agg(sum_y)
        INTO scopes, types, xs, ys, deltas, sums_x, sums_y
        FROM (SELECT process_id, geometry_type, tiles_cell_index(ST_X(p)) AS x, tiles_cell_index(ST_Y(p)) AS y,
                     sum(delta)::integer AS delta, sum(delta * ST_X(p)) AS sum_x, sum(delta * ST_Y(p)) AS sum_y
              FROM (SELECT r.process_id, GeometryType(r.geom) AS geometry_type, tiles_cell_point(r.geom) AS p, r.delta
                    FROM old_rows o JOIN new_rows n ON n.id = o.id,
                         LATERAL (VALUES
                             (o.process_id, o.geom, -1, participation_published(o.published_at, o.hidden_at)),
                             (n.process_id, n.geom, 1, participation_published(n.published_at, n.hidden_at))
                         ) r(process_id, geom, delta, visible)
                    WHERE (o.geom IS DISTINCT FROM n.geom OR o.process_id <> n.process_id
                           OR participation_published(o.published_at, o.hidden_at)
                              <> participation_published(n.published_at, n.hidden_at))
                      AND r.visible AND r.geom IS NOT NULL
                    OFFSET 0) r
              GROUP BY 1, 2, 3, 4) d;
    END IF;
    IF scopes IS NOT NULL THEN
        PERFORM tiles_cells_apply(TG_ARGV[0], scopes, types, xs, ys, deltas, sums_x, sums_y);
    END IF;
    RETURN NULL;
END
$$;

-- The same for the placed arguments of debates (the rows of the debate_arguments layer,
-- layers/sql/post_60_debate_arguments.sql): an argument counts, in the scope of its debate, when it is published, not
-- hidden, placed and not a reply; whether its debate is public is applied when reading, as for a concertation. An
-- update counts only the rows whose point, debate or visibility changed: a new support rewrites its argument.
CREATE OR REPLACE FUNCTION tiles_argument_cells_delta() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    scopes bigint[];
    types text[];
    xs integer[];
    ys integer[];
    deltas integer[];
    sums_x double precision[];
    sums_y double precision[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(debate_id), array_agg(geometry_type), array_agg(x), array_agg(y), array_agg(delta),
               array_agg(sum_x), array_agg(sum_y)
        INTO scopes, types, xs, ys, deltas, sums_x, sums_y
        FROM (SELECT debate_id, geometry_type, tiles_cell_index(ST_X(p)) AS x, tiles_cell_index(ST_Y(p)) AS y,
                     count(*)::integer AS delta, sum(ST_X(p)) AS sum_x, sum(ST_Y(p)) AS sum_y
              FROM (SELECT debate_id, GeometryType(geom) AS geometry_type, tiles_cell_point(geom) AS p
                    FROM new_rows
                    WHERE participation_published(published_at, hidden_at) AND parent_id IS NULL AND geom IS NOT NULL
                    OFFSET 0) r
              GROUP BY 1, 2, 3, 4) d;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(debate_id), array_agg(geometry_type), array_agg(x), array_agg(y), array_agg(delta),
               array_agg(sum_x), array_agg(sum_y)
        INTO scopes, types, xs, ys, deltas, sums_x, sums_y
        FROM (SELECT debate_id, geometry_type, tiles_cell_index(ST_X(p)) AS x, tiles_cell_index(ST_Y(p)) AS y,
                     -count(*)::integer AS delta, -sum(ST_X(p)) AS sum_x, -sum(ST_Y(p)) AS sum_y
              FROM (SELECT debate_id, GeometryType(geom) AS geometry_type, tiles_cell_point(geom) AS p
                    FROM old_rows
                    WHERE participation_published(published_at, hidden_at) AND parent_id IS NULL AND geom IS NOT NULL
                    OFFSET 0) r
              GROUP BY 1, 2, 3, 4) d;
    ELSE
        SELECT array_agg(debate_id), array_agg(geometry_type), array_agg(x), array_agg(y), array_agg(delta),
               array_agg(sum_x), array_agg(sum_y)
        INTO scopes, types, xs, ys, deltas, sums_x, sums_y
        FROM (SELECT debate_id, geometry_type, tiles_cell_index(ST_X(p)) AS x, tiles_cell_index(ST_Y(p)) AS y,
                     sum(delta)::integer AS delta, sum(delta * ST_X(p)) AS sum_x, sum(delta * ST_Y(p)) AS sum_y
              FROM (SELECT r.debate_id, GeometryType(r.geom) AS geometry_type, tiles_cell_point(r.geom) AS p, r.delta
                    FROM old_rows o JOIN new_rows n ON n.id = o.id,
                         LATERAL (VALUES
                             (o.debate_id, o.geom, -1,
                              participation_published(o.published_at, o.hidden_at) AND o.parent_id IS NULL),
                             (n.debate_id, n.geom, 1,
                              participation_published(n.published_at, n.hidden_at) AND n.parent_id IS NULL)
                         ) r(debate_id, geom, delta, visible)
                    WHERE (o.geom IS DISTINCT FROM n.geom OR o.debate_id <> n.debate_id
                           OR o.parent_id IS DISTINCT FROM n.parent_id
                           OR participation_published(o.published_at, o.hidden_at)
                              <> participation_published(n.published_at, n.hidden_at))
                      AND r.visible AND r.geom IS NOT NULL
                    OFFSET 0) r
              GROUP BY 1, 2, 3, 4) d;
    END IF;
    IF scopes IS NOT NULL THEN
        PERFORM tiles_cells_apply('debate_arguments', scopes, types, xs, ys, deltas, sums_x, sums_y);
    END IF;
    RETURN NULL;
END
$$;

-- The contributions' triggers are installed with their others (geoparticipation/sql/post_watch.sql); the arguments'
-- here, after their function.
CREATE OR REPLACE TRIGGER tiles_cells_ins AFTER INSERT ON debates_argument REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION tiles_argument_cells_delta();
CREATE OR REPLACE TRIGGER tiles_cells_upd AFTER UPDATE ON debates_argument
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION tiles_argument_cells_delta();
CREATE OR REPLACE TRIGGER tiles_cells_del AFTER DELETE ON debates_argument REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION tiles_argument_cells_delta();

-- Recounted from scratch at each migrate, like the counters of layers/sql/post_20_commune_counts.sql, so that rows
-- written with triggers disabled (a restore, a bulk load) are counted all the same: the zoom-18 cells from the
-- tables, then the coarser levels from them, as tiles_cells_apply() does. JIT would add seconds of compiling to a
-- plan whose cost is ST_Transform; the memory is for sorting the million points by cell.
SET LOCAL jit = off;
SET LOCAL work_mem = '64MB';
TRUNCATE tiles_cell_count;
INSERT INTO tiles_cell_count (level, kind, x, y, scope_id, geometry_type, features, sum_x, sum_y)
SELECT 18, kind, x, y, scope_id, geometry_type, count(*), sum(px), sum(py)
FROM (
    SELECT kind, scope_id, geometry_type, tiles_cell_index(ST_X(p)) AS x, tiles_cell_index(ST_Y(p)) AS y,
           ST_X(p) AS px, ST_Y(p) AS py
    FROM (SELECT 'proposals' AS kind, process_id AS scope_id, GeometryType(geom) AS geometry_type,
                 tiles_cell_point(geom) AS p
          FROM participation_proposal WHERE participation_published(published_at, hidden_at) AND geom IS NOT NULL
          UNION ALL
          SELECT 'meetings', process_id, GeometryType(geom), tiles_cell_point(geom)
          FROM participation_meeting WHERE participation_published(published_at, hidden_at) AND geom IS NOT NULL
          UNION ALL
          SELECT 'annotations', process_id, GeometryType(geom), tiles_cell_point(geom)
          FROM participation_annotation WHERE participation_published(published_at, hidden_at) AND geom IS NOT NULL
          UNION ALL
          SELECT 'debate_arguments', debate_id, GeometryType(geom), tiles_cell_point(geom)
          FROM debates_argument
          WHERE participation_published(published_at, hidden_at) AND parent_id IS NULL AND geom IS NOT NULL
          OFFSET 0) g
    OFFSET 0
) r
GROUP BY kind, x, y, scope_id, geometry_type;
INSERT INTO tiles_cell_count (level, kind, x, y, scope_id, geometry_type, features, sum_x, sum_y)
SELECT l.level, c.kind, c.x >> (18 - l.level), c.y >> (18 - l.level), c.scope_id, c.geometry_type,
       sum(c.features), sum(c.sum_x), sum(c.sum_y)
FROM tiles_cell_count c CROSS JOIN (VALUES (16), (14)) AS l(level)
WHERE c.level = 18
GROUP BY 1, 2, 3, 4, 5, 6;
RESET work_mem;
RESET jit;
