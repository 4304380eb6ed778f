-- Public contributions per commune and concertation, in layers_commune_count (a table of the layers migrations),
-- kept up to date by statement-level triggers, so that the communes layer sums a few thousand rows instead of
-- counting a million on every request. A row counts when participation_published() holds (the row's half of what
-- is public); whether its concertation is public is applied when reading, in the communes view. The triggers are
-- installed on each contribution table by geoparticipation_watch() (geoparticipation/sql/post_watch.sql).
-- The same triggers keep layers_layer_count: the published rows per concertation, geometry type and commune (0 for a
-- row outside the communes, which is in its layer all the same), whose sum is the size of a whole collection that
-- the OGC API and WFS state without counting it. The commune is in its key only to spread the writes: one row per
-- concertation would make every contribution to it wait for the lock of the one before.

-- Adds grouped deltas to one column of the counters. Static statements throughout: PL/pgSQL plans them once
-- per session, and this runs after every contribution.
CREATE OR REPLACE FUNCTION layers_count_apply(kind text, communes bigint[], processes bigint[], deltas integer[])
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO layers_commune_count AS c (commune_id, process_id, proposals, meetings, annotations)
    SELECT d.commune_id, d.process_id,
           CASE WHEN kind = 'proposals' THEN d.delta ELSE 0 END,
           CASE WHEN kind = 'meetings' THEN d.delta ELSE 0 END,
           CASE WHEN kind = 'annotations' THEN d.delta ELSE 0 END
    FROM unnest(communes, processes, deltas) AS d(commune_id, process_id, delta)
    ON CONFLICT (commune_id, process_id) DO UPDATE SET
        proposals = c.proposals + excluded.proposals,
        meetings = c.meetings + excluded.meetings,
        annotations = c.annotations + excluded.annotations;
END
$$;

CREATE OR REPLACE FUNCTION layers_layer_count_apply(
    counted_kind text, processes bigint[], types text[], communes bigint[], deltas integer[]
)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO layers_layer_count AS c (kind, process_id, geometry_type, commune_id, features)
    SELECT counted_kind, d.process_id, d.geometry_type, d.commune_id, d.delta
    FROM unnest(processes, types, communes, deltas) AS d(process_id, geometry_type, commune_id, delta)
    ON CONFLICT (kind, process_id, geometry_type, commune_id) DO UPDATE SET features = c.features + excluded.features;
END
$$;

CREATE OR REPLACE FUNCTION layers_count_delta() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    communes bigint[];
    processes bigint[];
    deltas integer[];
    types text[];
BEGIN
    -- Each statement contributes +1 per visible new row and -1 per visible old row, grouped. A transition table
    -- exists only for its own operations, hence one statement per operation.
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(commune_id), array_agg(process_id), array_agg(delta) INTO communes, processes, deltas
        FROM (SELECT commune_id, process_id, count(*)::integer AS delta FROM new_rows
              WHERE participation_published(published_at, hidden_at) AND commune_id IS NOT NULL
              GROUP BY commune_id, process_id) d;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(commune_id), array_agg(process_id), array_agg(delta) INTO communes, processes, deltas
        FROM (SELECT commune_id, process_id, -count(*)::integer AS delta FROM old_rows
              WHERE participation_published(published_at, hidden_at) AND commune_id IS NOT NULL
              GROUP BY commune_id, process_id) d;
    ELSE
        SELECT array_agg(commune_id), array_agg(process_id), array_agg(delta) INTO communes, processes, deltas
        FROM (SELECT commune_id, process_id, sum(delta)::integer AS delta FROM (
                  SELECT commune_id, process_id, 1 AS delta FROM new_rows
                  WHERE participation_published(published_at, hidden_at)
                  UNION ALL
                  SELECT commune_id, process_id, -1 FROM old_rows
                  WHERE participation_published(published_at, hidden_at)
              ) rows
              WHERE commune_id IS NOT NULL
              GROUP BY commune_id, process_id
              HAVING sum(delta) <> 0) d;
    END IF;
    IF communes IS NOT NULL THEN
        PERFORM layers_count_apply(TG_ARGV[0], communes, processes, deltas);
    END IF;
    processes := NULL;
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(process_id), array_agg(geometry_type), array_agg(commune), array_agg(delta)
        INTO processes, types, communes, deltas
        FROM (SELECT process_id, COALESCE(GeometryType(geom), '') AS geometry_type, COALESCE(commune_id, 0) AS commune,
                     count(*)::integer AS delta
              FROM new_rows WHERE participation_published(published_at, hidden_at)
              GROUP BY 1, 2, 3) d;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(process_id), array_agg(geometry_type), array_agg(commune), array_agg(delta)
        INTO processes, types, communes, deltas
        FROM (SELECT process_id, COALESCE(GeometryType(geom), '') AS geometry_type, COALESCE(commune_id, 0) AS commune,
                     -count(*)::integer AS delta
              FROM old_rows WHERE participation_published(published_at, hidden_at)
              GROUP BY 1, 2, 3) d;
    ELSE
        SELECT array_agg(process_id), array_agg(geometry_type), array_agg(commune), array_agg(delta)
        INTO processes, types, communes, deltas
        FROM (SELECT process_id, geometry_type, commune, sum(delta)::integer AS delta FROM (
                  SELECT process_id, COALESCE(GeometryType(geom), '') AS geometry_type,
                         COALESCE(commune_id, 0) AS commune, 1 AS delta
                  FROM new_rows WHERE participation_published(published_at, hidden_at)
                  UNION ALL
                  SELECT process_id, COALESCE(GeometryType(geom), ''), COALESCE(commune_id, 0), -1
                  FROM old_rows WHERE participation_published(published_at, hidden_at)
              ) rows
              GROUP BY 1, 2, 3
              HAVING sum(delta) <> 0) d;
    END IF;
    IF processes IS NOT NULL THEN
        PERFORM layers_layer_count_apply(TG_ARGV[0], processes, types, communes, deltas);
    END IF;
    RETURN NULL;
END
$$;

-- Recount from scratch at each migrate: the counters are then right even if rows were written with
-- triggers disabled (a restore, a bulk load).
TRUNCATE layers_commune_count;
INSERT INTO layers_commune_count (commune_id, process_id, proposals, meetings, annotations)
SELECT commune_id, process_id, sum(p)::integer, sum(m)::integer, sum(a)::integer FROM (
    SELECT commune_id, process_id, 1 AS p, 0 AS m, 0 AS a FROM participation_proposal
    WHERE participation_published(published_at, hidden_at)
    UNION ALL
    SELECT commune_id, process_id, 0, 1, 0 FROM participation_meeting
    WHERE participation_published(published_at, hidden_at)
    UNION ALL
    SELECT commune_id, process_id, 0, 0, 1 FROM participation_annotation
    WHERE participation_published(published_at, hidden_at)
) rows
WHERE commune_id IS NOT NULL
GROUP BY commune_id, process_id;

TRUNCATE layers_layer_count;
INSERT INTO layers_layer_count (kind, process_id, geometry_type, commune_id, features)
SELECT kind, process_id, geometry_type, commune, count(*)::integer FROM (
    SELECT 'proposals' AS kind, process_id, COALESCE(GeometryType(geom), '') AS geometry_type,
           COALESCE(commune_id, 0) AS commune
    FROM participation_proposal WHERE participation_published(published_at, hidden_at)
    UNION ALL
    SELECT 'meetings', process_id, COALESCE(GeometryType(geom), ''), COALESCE(commune_id, 0)
    FROM participation_meeting WHERE participation_published(published_at, hidden_at)
    UNION ALL
    SELECT 'annotations', process_id, COALESCE(GeometryType(geom), ''), COALESCE(commune_id, 0)
    FROM participation_annotation WHERE participation_published(published_at, hidden_at)
) rows
GROUP BY kind, process_id, geometry_type, commune;
