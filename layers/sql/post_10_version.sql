-- layers_data_version (a table of the layers migrations) changes, within the writing transaction, whenever
-- published data may have changed; feeds derive their ETag and Last-Modified from it. global_version moves only
-- with changes that may alter every tile (a concertation, a theme, a commune): cached tiles of contributions are
-- otherwise invalidated where the contributions changed (tiles/sql/post_tiles.sql). The contribution tables get
-- their triggers from geoparticipation_watch() (geoparticipation/sql/post_watch.sql); the other tables that
-- published data depend on get theirs here.
--
-- Only public content moves them: a row counts when it is public before or after the write (the rule of
-- geoparticipation/participation/sql/post_10_visibility.sql). A version that moved with a write in a private or
-- unpublished concertation, or with an unpublished or hidden row, would tell anyone polling a public ETag that
-- something happened there, and when.

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

-- A statement on a contribution table: one indexed look-up per statement when nothing it wrote is public. A
-- transition table exists only for its own operations, hence one branch per operation.
CREATE OR REPLACE FUNCTION layers_bump_public_version() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    public boolean := false;
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        public := EXISTS (
            SELECT 1 FROM new_rows r
            WHERE participation_published(r.published_at, r.hidden_at)
              AND r.process_id IN (SELECT id FROM participation_public_process)
        );
    END IF;
    IF NOT public AND TG_OP IN ('UPDATE', 'DELETE') THEN
        public := EXISTS (
            SELECT 1 FROM old_rows r
            WHERE participation_published(r.published_at, r.hidden_at)
              AND r.process_id IN (SELECT id FROM participation_public_process)
        );
    END IF;
    IF public THEN
        UPDATE layers_data_version SET version = version + 1, modified = now() WHERE id = 1;
    END IF;
    RETURN NULL;
END
$$;

-- A statement on the concertations (TG_ARGV[0] 'process') or on rows of one concertation ('process_id'): every
-- tile moves when a concertation that is public before or after it changed (published, opened to everyone or made
-- private, renamed, deleted), since the layers show its slug and its rows appear or disappear with it.
CREATE OR REPLACE FUNCTION layers_bump_public_global() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    public boolean := false;
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        IF TG_ARGV[0] = 'process' THEN
            public := EXISTS (SELECT 1 FROM new_rows r WHERE participation_process_is_public(r.published, r.is_private));
        ELSE
            public := EXISTS (SELECT 1 FROM new_rows r WHERE r.process_id IN (SELECT id FROM participation_public_process));
        END IF;
    END IF;
    IF NOT public AND TG_OP IN ('UPDATE', 'DELETE') THEN
        IF TG_ARGV[0] = 'process' THEN
            public := EXISTS (SELECT 1 FROM old_rows r WHERE participation_process_is_public(r.published, r.is_private));
        ELSE
            public := EXISTS (SELECT 1 FROM old_rows r WHERE r.process_id IN (SELECT id FROM participation_public_process));
        END IF;
    END IF;
    IF public THEN
        UPDATE layers_data_version SET version = version + 1, global_version = version + 1, modified = now()
        WHERE id = 1;
    END IF;
    RETURN NULL;
END
$$;

-- A statement on the surveys (TG_ARGV[0] the table): the survey layer (post_40_survey_answers.sql) counts the map
-- answers of published surveys of public concertations, with the prompts of their questions; a survey counts when
-- it is such before or after the write, so answers in a private concertation's survey move nothing.
CREATE OR REPLACE FUNCTION layers_bump_public_survey() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    public boolean := false;
    surveys bigint[];
BEGIN
    IF TG_ARGV[0] = 'surveys_survey' THEN
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            public := EXISTS (SELECT 1 FROM new_rows r WHERE r.published
                              AND r.process_id IN (SELECT id FROM participation_public_process));
        END IF;
        IF NOT public AND TG_OP IN ('UPDATE', 'DELETE') THEN
            public := EXISTS (SELECT 1 FROM old_rows r WHERE r.published
                              AND r.process_id IN (SELECT id FROM participation_public_process));
        END IF;
    ELSE
        IF TG_ARGV[0] = 'surveys_question' THEN
            IF TG_OP IN ('INSERT', 'UPDATE') THEN
                surveys := ARRAY(SELECT r.survey_id FROM new_rows r);
            END IF;
            IF TG_OP IN ('UPDATE', 'DELETE') THEN
                surveys := surveys || ARRAY(SELECT r.survey_id FROM old_rows r);
            END IF;
        ELSE
            -- Only map answers are in the layer.
            IF TG_OP IN ('INSERT', 'UPDATE') THEN
                surveys := ARRAY(SELECT q.survey_id FROM new_rows r JOIN surveys_question q ON q.id = r.question_id
                                 WHERE r.geom IS NOT NULL);
            END IF;
            IF TG_OP IN ('UPDATE', 'DELETE') THEN
                surveys := surveys || ARRAY(SELECT q.survey_id FROM old_rows r JOIN surveys_question q ON q.id = r.question_id
                                            WHERE r.geom IS NOT NULL);
            END IF;
        END IF;
        public := EXISTS (SELECT 1 FROM surveys_survey s WHERE s.id = ANY(surveys) AND s.published
                          AND s.process_id IN (SELECT id FROM participation_public_process));
    END IF;
    IF public THEN
        UPDATE layers_data_version SET version = version + 1, modified = now() WHERE id = 1;
    END IF;
    RETURN NULL;
END
$$;

DO $$
DECLARE
    t text;
    rows_of text;
BEGIN
    FOREACH t IN ARRAY ARRAY['participation_process', 'participation_process_communes'] LOOP
        rows_of := CASE t WHEN 'participation_process' THEN 'process' ELSE 'process_id' END;
        EXECUTE format('CREATE OR REPLACE TRIGGER layers_global_ins AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION layers_bump_public_global(%L)', t, rows_of);
        EXECUTE format('CREATE OR REPLACE TRIGGER layers_global_upd AFTER UPDATE ON %I '
                       'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION layers_bump_public_global(%L)', t, rows_of);
        EXECUTE format('CREATE OR REPLACE TRIGGER layers_global_del AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION layers_bump_public_global(%L)', t, rows_of);
        EXECUTE format('CREATE OR REPLACE TRIGGER layers_global AFTER TRUNCATE ON %I '
                       'FOR EACH STATEMENT EXECUTE FUNCTION layers_bump_global()', t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['participation_theme', 'territory_commune'] LOOP
        EXECUTE format(
            'CREATE OR REPLACE TRIGGER layers_global AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I '
            'FOR EACH STATEMENT EXECUTE FUNCTION layers_bump_global()', t);
    END LOOP;
    -- The survey layer is an aggregate without tiles of its own kind: a change of what it reads bumps the version.
    FOREACH t IN ARRAY ARRAY['surveys_answer', 'surveys_question', 'surveys_survey'] LOOP
        EXECUTE format('CREATE OR REPLACE TRIGGER layers_version_ins AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION layers_bump_public_survey(%L)', t, t);
        EXECUTE format('CREATE OR REPLACE TRIGGER layers_version_upd AFTER UPDATE ON %I '
                       'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION layers_bump_public_survey(%L)', t, t);
        EXECUTE format('CREATE OR REPLACE TRIGGER layers_version_del AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION layers_bump_public_survey(%L)', t, t);
        EXECUTE format('CREATE OR REPLACE TRIGGER layers_version AFTER TRUNCATE ON %I '
                       'FOR EACH STATEMENT EXECUTE FUNCTION layers_bump_version()', t);
    END LOOP;
END
$$;

-- Of an account, only the pseudonym is published, with its public proposals, annotations and placed arguments (never
-- in tiles): a
-- login, which writes last_login, or any other change to an account leaves the feeds' ETags and the cached tiles as
-- they are, and so does a new pseudonym of an account that has published nothing. Deleting an account first detaches
-- its contributions (Django's SET_NULL, an UPDATE of each table, whose own triggers decide).
CREATE OR REPLACE FUNCTION layers_bump_public_author() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM participation_proposal r
        WHERE r.author_id = NEW.id AND participation_published(r.published_at, r.hidden_at)
          AND r.process_id IN (SELECT id FROM participation_public_process)
    ) OR EXISTS (
        SELECT 1 FROM participation_annotation r
        WHERE r.author_id = NEW.id AND participation_published(r.published_at, r.hidden_at)
          AND r.process_id IN (SELECT id FROM participation_public_process)
    ) OR EXISTS (SELECT 1 FROM layer_debate_arguments a JOIN debates_argument r ON r.id = a.id WHERE r.author_id = NEW.id)
    THEN
        UPDATE layers_data_version SET version = version + 1, modified = now() WHERE id = 1;
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER layers_version AFTER UPDATE OF pseudonym ON accounts_user
    FOR EACH ROW WHEN (OLD.pseudonym IS DISTINCT FROM NEW.pseudonym) EXECUTE FUNCTION layers_bump_public_author();
CREATE OR REPLACE TRIGGER layers_version_truncate AFTER TRUNCATE ON accounts_user
    FOR EACH STATEMENT EXECUTE FUNCTION layers_bump_version();
