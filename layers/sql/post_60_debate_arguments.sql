-- The arguments placed on the map, in the debates of layers_public_debates (post_50_debates.sql): published and not
-- hidden themselves, in a debate that is public. The text is the public one (a correction by moderation rewrites
-- the column in place). Replies are not in: they take no stance, the site places none, and they read with the
-- argument they answer on the debate's page.
CREATE OR REPLACE VIEW layer_debate_arguments AS
SELECT a.id,
       d.process_slug AS process,
       d.id AS debate,
       d.title AS debate_title,
       a.stance,
       a.body,
       a.supports_count,
       COALESCE(u.pseudonym, 'Participant supprimé') AS author,
       c.insee AS commune_insee,
       c.nom AS commune_nom,
       a.published_at,
       '/concertations/' || d.process_slug || '/debats/' || d.id || '/arguments/' || a.id || '/' AS url,
       a.geom
FROM debates_argument a
JOIN layers_public_debates d ON d.id = a.debate_id
LEFT JOIN accounts_user u ON u.id = a.author_id
LEFT JOIN territory_commune c ON c.id = a.commune_id
WHERE participation_published(a.published_at, a.hidden_at) AND a.parent_id IS NULL AND a.geom IS NOT NULL;

-- The arguments have no concertation of their own, so the contributions' triggers (geoparticipation_watch) do not
-- fit them: these do the same for a row of this layer, public before or after the write. A support rewrites its
-- argument's counter: it moves the version (the layer shows the count), and marks the tiles around it.
CREATE OR REPLACE FUNCTION layers_argument_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    geoms geometry[] := '{}';
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        geoms := geoms || ARRAY(
            SELECT ST_Transform(r.geom, 3857) FROM new_rows r
            WHERE participation_published(r.published_at, r.hidden_at) AND r.parent_id IS NULL
              AND r.geom IS NOT NULL AND r.debate_id IN (SELECT id FROM layers_public_debates)
        );
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        geoms := geoms || ARRAY(
            SELECT ST_Transform(r.geom, 3857) FROM old_rows r
            WHERE participation_published(r.published_at, r.hidden_at) AND r.parent_id IS NULL
              AND r.geom IS NOT NULL AND r.debate_id IN (SELECT id FROM layers_public_debates)
        );
    END IF;
    IF cardinality(geoms) > 0 THEN
        UPDATE layers_data_version SET version = version + 1, modified = now() WHERE id = 1;
        PERFORM tiles_mark('debate_arguments', geoms, (SELECT version FROM layers_data_version WHERE id = 1));
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER layers_version_ins AFTER INSERT ON debates_argument REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION layers_argument_changed();
CREATE OR REPLACE TRIGGER layers_version_upd AFTER UPDATE ON debates_argument
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION layers_argument_changed();
CREATE OR REPLACE TRIGGER layers_version_del AFTER DELETE ON debates_argument REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION layers_argument_changed();
CREATE OR REPLACE TRIGGER layers_global AFTER TRUNCATE ON debates_argument
    FOR EACH STATEMENT EXECUTE FUNCTION layers_bump_global();

-- A debate that enters or leaves public view or moves to another concertation takes all its arguments with it:
-- every tile of the layer becomes stale. Debates are a few per concertation and such changes rare, so the whole kind
-- rather than each argument's cells. Statement triggers named after layers_version_* (they fire in name order), so
-- that the mark carries the version the debate's own triggers have just moved.
CREATE OR REPLACE FUNCTION layers_debate_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    changed boolean;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        changed := EXISTS (
            SELECT 1 FROM old_rows o JOIN new_rows n ON n.id = o.id
            WHERE (participation_published(o.published_at, o.hidden_at)
                   OR participation_published(n.published_at, n.hidden_at))
              AND (participation_published(o.published_at, o.hidden_at)
                   <> participation_published(n.published_at, n.hidden_at) OR o.process_id <> n.process_id)
        );
    ELSE
        changed := EXISTS (SELECT 1 FROM old_rows o WHERE participation_published(o.published_at, o.hidden_at));
    END IF;
    IF changed THEN
        INSERT INTO tiles_dirty AS d
        VALUES ('debate_arguments', -1, -1, (SELECT version FROM layers_data_version WHERE id = 1))
        ON CONFLICT (kind, x, y) DO UPDATE SET version = excluded.version;
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER tiles_dirty_arguments_upd AFTER UPDATE ON debates_debate
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION layers_debate_changed();
CREATE OR REPLACE TRIGGER tiles_dirty_arguments_del AFTER DELETE ON debates_debate
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION layers_debate_changed();

-- What the stored open-data snapshots must forget (opendata/sql/post_snapshots.sql): the placed arguments of a
-- debate that was published and is no longer, or moved. The arguments' own triggers are installed with the
-- contributions' (geoparticipation/sql/post_watch.sql), after the function they call.
CREATE OR REPLACE FUNCTION layers_debate_arguments_gone() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO opendata_snapshot_change (layer, row_id, columns, category, point)
    SELECT 'debate_arguments', a.id, '{}', '', NULL FROM debates_argument a
    WHERE a.debate_id = OLD.id AND a.parent_id IS NULL AND a.geom IS NOT NULL
      AND participation_published(a.published_at, a.hidden_at);
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER layers_arguments_snapshots AFTER UPDATE OF published_at, hidden_at, process_id
    ON debates_debate FOR EACH ROW
    WHEN (participation_published(OLD.published_at, OLD.hidden_at)
          AND (NOT participation_published(NEW.published_at, NEW.hidden_at) OR OLD.process_id <> NEW.process_id))
    EXECUTE FUNCTION layers_debate_arguments_gone();
