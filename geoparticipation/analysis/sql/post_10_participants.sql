-- The participants of each concertation, as the bilan counts them (analysis/report.py): whoever wrote a published
-- proposal or annotation, a published comment on a published proposal, or supported a published proposal (whether
-- the concertation is public is applied when reading, as for the commune counters). analysis_participant holds one
-- row per concertation and person with the number of such contributions, and a row that falls to 0 is deleted: the
-- number of participants is the number of rows, read from the primary key instead of a distinct count over millions
-- of contributions. Kept by statement-level triggers as the commune counters are
-- (layers/sql/post_20_commune_counts.sql), and recounted at each migrate.
-- A comment or a support counts only while its proposal is published: publishing, hiding or moving a proposal adds
-- or removes its comments and supports too. The comment and support triggers lock the proposals they count, as the
-- UPDATE of their counters does right after (post_30_counts.sql, whose triggers fire after these by name): a
-- proposal hidden meanwhile is then seen hidden, and one being hidden waits for the comment to be counted.

-- Adds deltas grouped by concertation and person (each pair once), in key order so that concurrent statements lock
-- the rows in the same order.
CREATE OR REPLACE FUNCTION analysis_participants_apply(processes bigint[], users bigint[], deltas integer[])
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO analysis_participant AS p (process_id, user_id, contributions)
    SELECT d.process_id, d.user_id, d.delta FROM unnest(processes, users, deltas) AS d(process_id, user_id, delta)
    ORDER BY 1, 2
    ON CONFLICT (process_id, user_id) DO UPDATE SET contributions = p.contributions + excluded.contributions;
    DELETE FROM analysis_participant p USING unnest(processes, users) AS d(process_id, user_id)
    WHERE p.process_id = d.process_id AND p.user_id = d.user_id AND p.contributions = 0;
END
$$;

-- The authors of proposals and annotations. A transition table exists only for its own operations, hence one
-- statement per operation.
CREATE OR REPLACE FUNCTION analysis_participants_authors() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    processes bigint[];
    users bigint[];
    deltas integer[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(process_id), array_agg(author_id), array_agg(delta) INTO processes, users, deltas
        FROM (SELECT process_id, author_id, count(*)::integer AS delta FROM new_rows
              WHERE participation_published(published_at, hidden_at) AND author_id IS NOT NULL
              GROUP BY 1, 2) d;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(process_id), array_agg(author_id), array_agg(delta) INTO processes, users, deltas
        FROM (SELECT process_id, author_id, -count(*)::integer AS delta FROM old_rows
              WHERE participation_published(published_at, hidden_at) AND author_id IS NOT NULL
              GROUP BY 1, 2) d;
    ELSE
        SELECT array_agg(process_id), array_agg(author_id), array_agg(delta) INTO processes, users, deltas
        FROM (SELECT process_id, author_id, sum(delta)::integer AS delta FROM (
                  SELECT process_id, author_id, 1 AS delta FROM new_rows
                  WHERE participation_published(published_at, hidden_at)
                  UNION ALL
                  SELECT process_id, author_id, -1 FROM old_rows
                  WHERE participation_published(published_at, hidden_at)
              ) rows
              WHERE author_id IS NOT NULL
              GROUP BY 1, 2
              HAVING sum(delta) <> 0) d;
    END IF;
    IF processes IS NOT NULL THEN
        PERFORM analysis_participants_apply(processes, users, deltas);
    END IF;
    RETURN NULL;
END
$$;

-- The comments and supports of proposals that were published, hidden, deleted or moved to another concertation. A
-- new proposal has none yet (a support needs the row, and ids are never reused), hence no INSERT trigger.
CREATE OR REPLACE FUNCTION analysis_participants_followers() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    proposal_type integer := (
        SELECT id FROM django_content_type WHERE app_label = 'participation' AND model = 'proposal'
    );
    processes bigint[];
    users bigint[];
    deltas integer[];
BEGIN
    IF TG_OP = 'DELETE' THEN
        SELECT array_agg(process_id), array_agg(user_id), array_agg(delta) INTO processes, users, deltas
        FROM (WITH moved AS (
                  SELECT id, process_id, -1 AS delta FROM old_rows
                  WHERE participation_published(published_at, hidden_at)
              )
              SELECT process_id, user_id, sum(delta)::integer AS delta FROM (
                  SELECT m.process_id, c.author_id AS user_id, m.delta FROM moved m
                  JOIN participation_comment c ON c.content_type_id = proposal_type AND c.object_id = m.id
                  WHERE participation_published(c.published_at, c.hidden_at)
                  UNION ALL
                  SELECT m.process_id, s.user_id, m.delta FROM moved m
                  JOIN participation_support s ON s.proposal_id = m.id
              ) rows
              WHERE user_id IS NOT NULL
              GROUP BY 1, 2) d;
    ELSE
        SELECT array_agg(process_id), array_agg(user_id), array_agg(delta) INTO processes, users, deltas
        FROM (WITH moved AS (
                  SELECT n.id, n.process_id, 1 AS delta FROM new_rows n JOIN old_rows o ON o.id = n.id
                  WHERE participation_published(n.published_at, n.hidden_at)
                    AND NOT (participation_published(o.published_at, o.hidden_at) AND o.process_id = n.process_id)
                  UNION ALL
                  SELECT o.id, o.process_id, -1 FROM old_rows o JOIN new_rows n ON n.id = o.id
                  WHERE participation_published(o.published_at, o.hidden_at)
                    AND NOT (participation_published(n.published_at, n.hidden_at) AND n.process_id = o.process_id)
              )
              SELECT process_id, user_id, sum(delta)::integer AS delta FROM (
                  SELECT m.process_id, c.author_id AS user_id, m.delta FROM moved m
                  JOIN participation_comment c ON c.content_type_id = proposal_type AND c.object_id = m.id
                  WHERE participation_published(c.published_at, c.hidden_at)
                  UNION ALL
                  SELECT m.process_id, s.user_id, m.delta FROM moved m
                  JOIN participation_support s ON s.proposal_id = m.id
              ) rows
              WHERE user_id IS NOT NULL
              GROUP BY 1, 2
              HAVING sum(delta) <> 0) d;
    END IF;
    IF processes IS NOT NULL THEN
        PERFORM analysis_participants_apply(processes, users, deltas);
    END IF;
    RETURN NULL;
END
$$;

-- Published comments on proposals, counted while their proposal is published.
CREATE OR REPLACE FUNCTION analysis_participants_comments() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    proposal_type integer := (
        SELECT id FROM django_content_type WHERE app_label = 'participation' AND model = 'proposal'
    );
    proposals bigint[];
    users bigint[];
    deltas integer[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(object_id), array_agg(author_id), array_agg(delta) INTO proposals, users, deltas
        FROM (SELECT object_id, author_id, count(*)::integer AS delta FROM new_rows
              WHERE content_type_id = proposal_type AND participation_published(published_at, hidden_at)
                AND author_id IS NOT NULL
              GROUP BY 1, 2) d;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(object_id), array_agg(author_id), array_agg(delta) INTO proposals, users, deltas
        FROM (SELECT object_id, author_id, -count(*)::integer AS delta FROM old_rows
              WHERE content_type_id = proposal_type AND participation_published(published_at, hidden_at)
                AND author_id IS NOT NULL
              GROUP BY 1, 2) d;
    ELSE
        SELECT array_agg(object_id), array_agg(author_id), array_agg(delta) INTO proposals, users, deltas
        FROM (SELECT object_id, author_id, sum(delta)::integer AS delta FROM (
                  SELECT object_id, author_id, 1 AS delta FROM new_rows
                  WHERE content_type_id = proposal_type AND participation_published(published_at, hidden_at)
                  UNION ALL
                  SELECT object_id, author_id, -1 FROM old_rows
                  WHERE content_type_id = proposal_type AND participation_published(published_at, hidden_at)
              ) rows
              WHERE author_id IS NOT NULL
              GROUP BY 1, 2
              HAVING sum(delta) <> 0) d;
    END IF;
    IF proposals IS NOT NULL THEN
        PERFORM analysis_participants_on_proposals(proposals, users, deltas);
    END IF;
    RETURN NULL;
END
$$;

-- Supports, counted while their proposal is published.
CREATE OR REPLACE FUNCTION analysis_participants_supports() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    proposals bigint[];
    users bigint[];
    deltas integer[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(proposal_id), array_agg(user_id), array_agg(delta) INTO proposals, users, deltas
        FROM (SELECT proposal_id, user_id, count(*)::integer AS delta FROM new_rows
              WHERE user_id IS NOT NULL GROUP BY 1, 2) d;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(proposal_id), array_agg(user_id), array_agg(delta) INTO proposals, users, deltas
        FROM (SELECT proposal_id, user_id, -count(*)::integer AS delta FROM old_rows
              WHERE user_id IS NOT NULL GROUP BY 1, 2) d;
    ELSE
        SELECT array_agg(proposal_id), array_agg(user_id), array_agg(delta) INTO proposals, users, deltas
        FROM (SELECT proposal_id, user_id, sum(delta)::integer AS delta FROM (
                  SELECT proposal_id, user_id, 1 AS delta FROM new_rows
                  UNION ALL
                  SELECT proposal_id, user_id, -1 FROM old_rows
              ) rows
              WHERE user_id IS NOT NULL
              GROUP BY 1, 2
              HAVING sum(delta) <> 0) d;
    END IF;
    IF proposals IS NOT NULL THEN
        PERFORM analysis_participants_on_proposals(proposals, users, deltas);
    END IF;
    RETURN NULL;
END
$$;

-- Deltas per (proposal, person): those on published proposals, locked in id order, are added to the proposal's
-- concertation.
CREATE OR REPLACE FUNCTION analysis_participants_on_proposals(proposals bigint[], users bigint[], deltas integer[])
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    processes bigint[];
    people bigint[];
    sums integer[];
BEGIN
    SELECT array_agg(process_id), array_agg(user_id), array_agg(delta) INTO processes, people, sums
    FROM (WITH published AS (
              SELECT p.id, p.process_id FROM participation_proposal p
              WHERE p.id = ANY (proposals) AND participation_published(p.published_at, p.hidden_at)
              ORDER BY p.id
              FOR NO KEY UPDATE
          )
          SELECT pr.process_id, d.user_id, sum(d.delta)::integer AS delta
          FROM unnest(proposals, users, deltas) AS d(proposal_id, user_id, delta)
          JOIN published pr ON pr.id = d.proposal_id
          GROUP BY 1, 2
          HAVING sum(d.delta) <> 0) d;
    IF processes IS NOT NULL THEN
        PERFORM analysis_participants_apply(processes, people, sums);
    END IF;
END
$$;

CREATE OR REPLACE TRIGGER analysis_participants_ins AFTER INSERT ON participation_proposal
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analysis_participants_authors();
CREATE OR REPLACE TRIGGER analysis_participants_upd AFTER UPDATE ON participation_proposal
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION analysis_participants_authors();
CREATE OR REPLACE TRIGGER analysis_participants_del AFTER DELETE ON participation_proposal
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analysis_participants_authors();
CREATE OR REPLACE TRIGGER analysis_participants_followers_upd AFTER UPDATE ON participation_proposal
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION analysis_participants_followers();
CREATE OR REPLACE TRIGGER analysis_participants_followers_del AFTER DELETE ON participation_proposal
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analysis_participants_followers();

CREATE OR REPLACE TRIGGER analysis_participants_ins AFTER INSERT ON participation_annotation
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analysis_participants_authors();
CREATE OR REPLACE TRIGGER analysis_participants_upd AFTER UPDATE ON participation_annotation
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION analysis_participants_authors();
CREATE OR REPLACE TRIGGER analysis_participants_del AFTER DELETE ON participation_annotation
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analysis_participants_authors();

CREATE OR REPLACE TRIGGER analysis_participants_ins AFTER INSERT ON participation_comment
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analysis_participants_comments();
CREATE OR REPLACE TRIGGER analysis_participants_upd AFTER UPDATE ON participation_comment
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION analysis_participants_comments();
CREATE OR REPLACE TRIGGER analysis_participants_del AFTER DELETE ON participation_comment
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analysis_participants_comments();

CREATE OR REPLACE TRIGGER analysis_participants_ins AFTER INSERT ON participation_support
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analysis_participants_supports();
CREATE OR REPLACE TRIGGER analysis_participants_upd AFTER UPDATE ON participation_support
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION analysis_participants_supports();
CREATE OR REPLACE TRIGGER analysis_participants_del AFTER DELETE ON participation_support
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analysis_participants_supports();

-- Recount from scratch at each migrate (the first one fills the table): the counts are then right even if rows were
-- written with triggers disabled.
TRUNCATE analysis_participant;
INSERT INTO analysis_participant (process_id, user_id, contributions)
SELECT process_id, user_id, count(*)::integer FROM (
    SELECT process_id, author_id AS user_id FROM participation_proposal
    WHERE participation_published(published_at, hidden_at)
    UNION ALL
    SELECT process_id, author_id FROM participation_annotation
    WHERE participation_published(published_at, hidden_at)
    UNION ALL
    SELECT p.process_id, c.author_id FROM participation_comment c
    JOIN participation_proposal p ON p.id = c.object_id
    WHERE c.content_type_id = (
        SELECT id FROM django_content_type WHERE app_label = 'participation' AND model = 'proposal'
    ) AND participation_published(c.published_at, c.hidden_at) AND participation_published(p.published_at, p.hidden_at)
    UNION ALL
    SELECT p.process_id, s.user_id FROM participation_support s
    JOIN participation_proposal p ON p.id = s.proposal_id
    WHERE participation_published(p.published_at, p.hidden_at)
) rows
WHERE user_id IS NOT NULL
GROUP BY process_id, user_id;
