-- layers_data_version (a table of the layers migrations) changes, within the writing transaction, whenever
-- published data may have changed; feeds derive their ETag and Last-Modified from it. global_version moves only
-- with changes that may alter every tile (a concertation, a theme, a commune): cached tiles of contributions are
-- otherwise invalidated where the contributions changed (tiles/sql/post_tiles.sql). The contribution tables get
-- their triggers from geoparticipation_watch() (geoparticipation/sql/post_watch.sql); the other tables that
-- published data depend on get theirs here.

CREATE OR REPLACE FUNCTION layers_bump_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE layers_data_version SET version = version + 1, modified = now() WHERE id = 1;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION layers_bump_global() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE layers_data_version SET version = version + 1, global_version = version + 1, modified = now()
    WHERE id = 1;
    RETURN NULL;
END
$$;

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY[
        'participation_process', 'participation_process_communes', 'participation_theme', 'territory_commune'
    ] LOOP
        EXECUTE format(
            'CREATE OR REPLACE TRIGGER layers_global AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I '
            'FOR EACH STATEMENT EXECUTE FUNCTION layers_bump_global()', t);
    END LOOP;
    -- The survey layer is an aggregate without tiles of its own kind: any change bumps the version.
    FOREACH t IN ARRAY ARRAY['surveys_answer', 'surveys_question', 'surveys_survey'] LOOP
        EXECUTE format(
            'CREATE OR REPLACE TRIGGER layers_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I '
            'FOR EACH STATEMENT EXECUTE FUNCTION layers_bump_version()', t);
    END LOOP;
END
$$;

-- Of an account, only the pseudonym is published (with each contribution, never in tiles): a login, which writes
-- last_login, or any other change to an account leaves the feeds' ETags and the cached tiles as they are.
CREATE OR REPLACE TRIGGER layers_version AFTER UPDATE OF pseudonym OR DELETE OR TRUNCATE ON accounts_user
    FOR EACH STATEMENT EXECUTE FUNCTION layers_bump_version();
