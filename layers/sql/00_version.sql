-- One row that changes, within the writing transaction, whenever published data may have changed.
-- Feeds derive their ETag and Last-Modified from it; tile caches key on it.
CREATE TABLE IF NOT EXISTS layers_data_version (
    id smallint PRIMARY KEY CHECK (id = 1),
    version bigint NOT NULL,
    modified timestamptz NOT NULL
);
INSERT INTO layers_data_version VALUES (1, 1, now()) ON CONFLICT (id) DO NOTHING;

CREATE OR REPLACE FUNCTION layers_bump_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE layers_data_version SET version = version + 1, modified = now() WHERE id = 1;
    RETURN NULL;
END
$$;

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY[
        'participation_proposal', 'participation_meeting', 'participation_annotation', 'participation_process',
        'participation_process_communes', 'participation_theme', 'territory_commune'
    ] LOOP
        EXECUTE format(
            'CREATE OR REPLACE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I '
            'FOR EACH STATEMENT EXECUTE FUNCTION layers_bump_version()', t || '_layers_version', t);
    END LOOP;
END
$$;

-- Of an account, only the pseudonym is published (with each contribution): a login, which writes last_login,
-- or any other change to an account leaves the feeds' ETags and the cached tiles as they are.
CREATE OR REPLACE TRIGGER accounts_user_layers_version AFTER UPDATE OF pseudonym OR DELETE OR TRUNCATE ON accounts_user
    FOR EACH STATEMENT EXECUTE FUNCTION layers_bump_version();
