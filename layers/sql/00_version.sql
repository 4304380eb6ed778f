-- One row that changes, within the writing transaction, whenever published data may have changed.
-- Feeds derive their ETag and Last-Modified from it. global_version moves only with changes that may alter every
-- tile (a concertation, a theme, a commune): cached tiles of contributions are otherwise invalidated where the
-- contributions changed (30_tiles.sql).
CREATE TABLE IF NOT EXISTS layers_data_version (
    id smallint PRIMARY KEY CHECK (id = 1),
    version bigint NOT NULL,
    modified timestamptz NOT NULL
);
ALTER TABLE layers_data_version ADD COLUMN IF NOT EXISTS global_version bigint NOT NULL DEFAULT 0;
INSERT INTO layers_data_version VALUES (1, 1, now(), 1) ON CONFLICT (id) DO NOTHING;

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
    -- Contributions: the version, and their tiles where they changed (30_tiles.sql); emptied, every tile.
    FOREACH t IN ARRAY ARRAY['participation_proposal', 'participation_meeting', 'participation_annotation'] LOOP
        EXECUTE format(
            'CREATE OR REPLACE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I '
            'FOR EACH STATEMENT EXECUTE FUNCTION layers_bump_version()', t || '_layers_version', t);
        EXECUTE format(
            'CREATE OR REPLACE TRIGGER %I AFTER TRUNCATE ON %I '
            'FOR EACH STATEMENT EXECUTE FUNCTION layers_bump_global()', t || '_layers_global', t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY[
        'participation_process', 'participation_process_communes', 'participation_theme', 'territory_commune'
    ] LOOP
        EXECUTE format(
            'CREATE OR REPLACE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I '
            'FOR EACH STATEMENT EXECUTE FUNCTION layers_bump_global()', t || '_layers_version', t);
    END LOOP;
END
$$;

-- Of an account, only the pseudonym is published (with each contribution, never in tiles): a login, which writes
-- last_login, or any other change to an account leaves the feeds' ETags and the cached tiles as they are.
CREATE OR REPLACE TRIGGER accounts_user_layers_version AFTER UPDATE OF pseudonym OR DELETE OR TRUNCATE ON accounts_user
    FOR EACH STATEMENT EXECUTE FUNCTION layers_bump_version();
