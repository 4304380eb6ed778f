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

CREATE OR REPLACE FUNCTION layers_count_delta() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    kind text := TG_ARGV[0];
BEGIN
    -- Each statement contributes +1 per visible new row and -1 per visible old row, grouped.
    EXECUTE format($sql$
        INSERT INTO layers_commune_count AS c (commune_id, process_id, %1$I)
        SELECT commune_id, process_id, sum(delta)::integer FROM (
            %2$s
        ) d
        WHERE commune_id IS NOT NULL
        GROUP BY commune_id, process_id
        HAVING sum(delta) <> 0
        ON CONFLICT (commune_id, process_id) DO UPDATE SET %1$I = c.%1$I + excluded.%1$I
    $sql$, kind,
        CASE TG_OP
            WHEN 'INSERT' THEN
                'SELECT commune_id, process_id, 1 AS delta FROM new_rows
                 WHERE published_at IS NOT NULL AND hidden_at IS NULL'
            WHEN 'DELETE' THEN
                'SELECT commune_id, process_id, -1 AS delta FROM old_rows
                 WHERE published_at IS NOT NULL AND hidden_at IS NULL'
            ELSE
                'SELECT commune_id, process_id, 1 AS delta FROM new_rows
                 WHERE published_at IS NOT NULL AND hidden_at IS NULL
                 UNION ALL
                 SELECT commune_id, process_id, -1 AS delta FROM old_rows
                 WHERE published_at IS NOT NULL AND hidden_at IS NULL'
        END);
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
