-- The triggers of every contribution table, installed by one function, and the list of those tables (at the end).
-- This file runs after every app's own (the project's app comes last in INSTALLED_APPS), so the functions it
-- names all exist. Each trigger is named with the prefix of the app that owns its function; AFTER triggers of one
-- event fire in name order, so layers_version_* bumps the data version before tiles_dirty_* reads it.
-- `texts`: the columns of published text that moderation may correct in place. `counted`: whether the rows count in
-- the commune, collection and grid counters (the contributions of citizens), or are too few for counters (debates).
CREATE OR REPLACE FUNCTION geoparticipation_watch(watched regclass, kind text, texts text[], counted boolean DEFAULT true)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    old_texts text := (SELECT string_agg('OLD.' || quote_ident(t), ', ') FROM unnest(texts) t);
    new_texts text := (SELECT string_agg('NEW.' || quote_ident(t), ', ') FROM unnest(texts) t);
BEGIN
    -- The commune of each row, at every write of its geometry (territory_commune_for).
    EXECUTE format('CREATE OR REPLACE TRIGGER participation_commune BEFORE INSERT OR UPDATE OF geom ON %s '
                   'FOR EACH ROW EXECUTE FUNCTION participation_set_commune()', watched);
    -- The data version of the feeds, moved by public rows only; emptying the table makes every tile of the layer
    -- stale.
    EXECUTE format('CREATE OR REPLACE TRIGGER layers_version_ins AFTER INSERT ON %s REFERENCING NEW TABLE AS new_rows '
                   'FOR EACH STATEMENT EXECUTE FUNCTION layers_bump_public_version()', watched);
    EXECUTE format('CREATE OR REPLACE TRIGGER layers_version_upd AFTER UPDATE ON %s '
                   'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows '
                   'FOR EACH STATEMENT EXECUTE FUNCTION layers_bump_public_version()', watched);
    EXECUTE format('CREATE OR REPLACE TRIGGER layers_version_del AFTER DELETE ON %s REFERENCING OLD TABLE AS old_rows '
                   'FOR EACH STATEMENT EXECUTE FUNCTION layers_bump_public_version()', watched);
    EXECUTE format('CREATE OR REPLACE TRIGGER layers_global AFTER TRUNCATE ON %s '
                   'FOR EACH STATEMENT EXECUTE FUNCTION layers_bump_global()', watched);
    -- The public contributions per commune, and the tiles a change makes stale, both from transition tables.
    IF counted THEN
        EXECUTE format('CREATE OR REPLACE TRIGGER layers_count_ins AFTER INSERT ON %s REFERENCING NEW TABLE AS new_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION layers_count_delta(%L)', watched, kind);
        EXECUTE format('CREATE OR REPLACE TRIGGER layers_count_upd AFTER UPDATE ON %s '
                       'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION layers_count_delta(%L)', watched, kind);
        EXECUTE format('CREATE OR REPLACE TRIGGER layers_count_del AFTER DELETE ON %s REFERENCING OLD TABLE AS old_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION layers_count_delta(%L)', watched, kind);
    END IF;
    EXECUTE format('CREATE OR REPLACE TRIGGER tiles_dirty_ins AFTER INSERT ON %s REFERENCING NEW TABLE AS new_rows '
                   'FOR EACH STATEMENT EXECUTE FUNCTION tiles_mark_dirty(%L)', watched, kind);
    EXECUTE format('CREATE OR REPLACE TRIGGER tiles_dirty_upd AFTER UPDATE ON %s '
                   'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows '
                   'FOR EACH STATEMENT EXECUTE FUNCTION tiles_mark_dirty(%L)', watched, kind);
    EXECUTE format('CREATE OR REPLACE TRIGGER tiles_dirty_del AFTER DELETE ON %s REFERENCING OLD TABLE AS old_rows '
                   'FOR EACH STATEMENT EXECUTE FUNCTION tiles_mark_dirty(%L)', watched, kind);
    -- The published contributions per grid cell of the low-zoom tiles.
    IF counted THEN
        EXECUTE format('CREATE OR REPLACE TRIGGER tiles_cells_ins AFTER INSERT ON %s REFERENCING NEW TABLE AS new_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION tiles_cells_delta(%L)', watched, kind);
        EXECUTE format('CREATE OR REPLACE TRIGGER tiles_cells_upd AFTER UPDATE ON %s '
                       'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION tiles_cells_delta(%L)', watched, kind);
        EXECUTE format('CREATE OR REPLACE TRIGGER tiles_cells_del AFTER DELETE ON %s REFERENCING OLD TABLE AS old_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION tiles_cells_delta(%L)', watched, kind);
    END IF;
    -- What the stored open-data snapshots must forget or correct: rows that were published before the write.
    EXECUTE format('CREATE OR REPLACE TRIGGER opendata_snapshots_upd '
                   'AFTER UPDATE OF published_at, hidden_at, process_id, %s ON %s FOR EACH ROW '
                   'WHEN (participation_published(OLD.published_at, OLD.hidden_at) '
                   'AND (NOT participation_published(NEW.published_at, NEW.hidden_at) '
                   'OR OLD.process_id IS DISTINCT FROM NEW.process_id OR ROW(%s) IS DISTINCT FROM ROW(%s))) '
                   'EXECUTE FUNCTION opendata_queue_snapshot_change(%L, %s)',
                   (SELECT string_agg(quote_ident(t), ', ') FROM unnest(texts) t), watched, old_texts, new_texts,
                   kind, (SELECT string_agg(quote_literal(t), ', ') FROM unnest(texts) t));
    EXECUTE format('CREATE OR REPLACE TRIGGER opendata_snapshots_del AFTER DELETE ON %s FOR EACH ROW '
                   'WHEN (participation_published(OLD.published_at, OLD.hidden_at)) '
                   'EXECUTE FUNCTION opendata_queue_snapshot_change(%L)', watched, kind);
END
$$;

-- The contribution tables, with the kind of the layer and of the counters they feed, and their texts.
SELECT geoparticipation_watch('participation_proposal', 'proposals', '{title,body}');
SELECT geoparticipation_watch('participation_meeting', 'meetings', '{title,description}');
SELECT geoparticipation_watch('participation_annotation', 'annotations', '{comment}');
-- Debates are opened by officers, a few per concertation: their layer is neither counted per commune nor on a grid.
SELECT geoparticipation_watch('debates_debate', 'debates', '{title,description,conclusion}', false);
-- The placed arguments of debates (layers/sql/post_60_debate_arguments.sql) have no concertation of their own: the
-- layer installs their version and tile triggers; what the stored open-data snapshots must forget or correct is
-- queued here as for a contribution: an argument that was published and is hidden, unpublished, deleted or whose
-- text changed. Whether it is still public is read from the layer when the queue is applied.
CREATE OR REPLACE TRIGGER opendata_snapshots_upd AFTER UPDATE OF published_at, hidden_at, body ON debates_argument
    FOR EACH ROW
    WHEN (participation_published(OLD.published_at, OLD.hidden_at) AND OLD.geom IS NOT NULL AND OLD.parent_id IS NULL
          AND (NOT participation_published(NEW.published_at, NEW.hidden_at) OR OLD.body IS DISTINCT FROM NEW.body))
    EXECUTE FUNCTION opendata_queue_snapshot_change('debate_arguments', 'body');
CREATE OR REPLACE TRIGGER opendata_snapshots_del AFTER DELETE ON debates_argument FOR EACH ROW
    WHEN (participation_published(OLD.published_at, OLD.hidden_at) AND OLD.geom IS NOT NULL AND OLD.parent_id IS NULL)
    EXECUTE FUNCTION opendata_queue_snapshot_change('debate_arguments');
