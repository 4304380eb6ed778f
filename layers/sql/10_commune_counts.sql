-- Public contributions per commune and concertation, kept up to date by statement-level triggers, so that
-- the communes layer sums a few thousand rows instead of counting a million on every request.
-- A row counts when it is published and not hidden (the row-level half of what is public); whether its
-- concertation is public is applied when reading, in the communes view.
CREATE TABLE IF NOT EXISTS layers_commune_count (
    commune_id bigint NOT NULL,
    process_id bigint NOT NULL,
    proposals integer NOT NULL DEFAULT 0,
    meetings integer NOT NULL DEFAULT 0,
    annotations integer NOT NULL DEFAULT 0,
    PRIMARY KEY (commune_id, process_id)
);

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

CREATE OR REPLACE FUNCTION layers_count_delta() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    communes bigint[];
    processes bigint[];
    deltas integer[];
BEGIN
    -- Each statement contributes +1 per visible new row and -1 per visible old row, grouped. A transition table
    -- exists only for its own operations, hence one statement per operation.
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(commune_id), array_agg(process_id), array_agg(delta) INTO communes, processes, deltas
        FROM (SELECT commune_id, process_id, count(*)::integer AS delta FROM new_rows
              WHERE published_at IS NOT NULL AND hidden_at IS NULL AND commune_id IS NOT NULL
              GROUP BY commune_id, process_id) d;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(commune_id), array_agg(process_id), array_agg(delta) INTO communes, processes, deltas
        FROM (SELECT commune_id, process_id, -count(*)::integer AS delta FROM old_rows
              WHERE published_at IS NOT NULL AND hidden_at IS NULL AND commune_id IS NOT NULL
              GROUP BY commune_id, process_id) d;
    ELSE
        SELECT array_agg(commune_id), array_agg(process_id), array_agg(delta) INTO communes, processes, deltas
        FROM (SELECT commune_id, process_id, sum(delta)::integer AS delta FROM (
                  SELECT commune_id, process_id, 1 AS delta FROM new_rows
                  WHERE published_at IS NOT NULL AND hidden_at IS NULL
                  UNION ALL
                  SELECT commune_id, process_id, -1 FROM old_rows
                  WHERE published_at IS NOT NULL AND hidden_at IS NULL
              ) rows
              WHERE commune_id IS NOT NULL
              GROUP BY commune_id, process_id
              HAVING sum(delta) <> 0) d;
    END IF;
    IF communes IS NOT NULL THEN
        PERFORM layers_count_apply(TG_ARGV[0], communes, processes, deltas);
    END IF;
    RETURN NULL;
END
$$;

DO $$
DECLARE
    t text;
    kinds text[] := ARRAY['proposals', 'meetings', 'annotations'];
    tables text[] := ARRAY['participation_proposal', 'participation_meeting', 'participation_annotation'];
BEGIN
    FOR i IN 1..3 LOOP
        t := tables[i];
        EXECUTE format('CREATE OR REPLACE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION layers_count_delta(%L)', t || '_count_ins', t, kinds[i]);
        EXECUTE format('CREATE OR REPLACE TRIGGER %I AFTER UPDATE ON %I '
                       'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION layers_count_delta(%L)', t || '_count_upd', t, kinds[i]);
        EXECUTE format('CREATE OR REPLACE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION layers_count_delta(%L)', t || '_count_del', t, kinds[i]);
    END LOOP;
END
$$;

-- Recount from scratch at each migrate: the counters are then right even if rows were written with
-- triggers disabled (a restore, a bulk load).
TRUNCATE layers_commune_count;
INSERT INTO layers_commune_count (commune_id, process_id, proposals, meetings, annotations)
SELECT commune_id, process_id, sum(p)::integer, sum(m)::integer, sum(a)::integer FROM (
    SELECT commune_id, process_id, 1 AS p, 0 AS m, 0 AS a FROM participation_proposal
    WHERE published_at IS NOT NULL AND hidden_at IS NULL
    UNION ALL
    SELECT commune_id, process_id, 0, 1, 0 FROM participation_meeting
    WHERE published_at IS NOT NULL AND hidden_at IS NULL
    UNION ALL
    SELECT commune_id, process_id, 0, 0, 1 FROM participation_annotation
    WHERE published_at IS NOT NULL AND hidden_at IS NULL
) rows
WHERE commune_id IS NOT NULL
GROUP BY commune_id, process_id;
