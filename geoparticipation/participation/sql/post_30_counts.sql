-- The supports and visible comments of each proposal, kept in supports_count and comments_count by statement-level
-- triggers, as the commune counters are (layers/sql/post_20_commune_counts.sql): whatever writes, deletes or hides
-- a support or a comment (the site, the API, the back-office, a bulk statement), the count follows within the same
-- statement; an update that changes no count (transition tables allow no column list) changes nothing. Recounted
-- at each migrate.

CREATE OR REPLACE FUNCTION participation_count_supports() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- +1 per new row and -1 per old row, grouped per proposal. A transition table exists only for its own
    -- operations, hence one statement per operation.
    IF TG_OP = 'INSERT' THEN
        UPDATE participation_proposal p SET supports_count = p.supports_count + d.delta
        FROM (SELECT proposal_id, count(*)::integer AS delta FROM new_rows GROUP BY proposal_id) d
        WHERE p.id = d.proposal_id;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE participation_proposal p SET supports_count = p.supports_count - d.delta
        FROM (SELECT proposal_id, count(*)::integer AS delta FROM old_rows GROUP BY proposal_id) d
        WHERE p.id = d.proposal_id;
    ELSE
        UPDATE participation_proposal p SET supports_count = p.supports_count + d.delta
        FROM (SELECT proposal_id, sum(delta)::integer AS delta FROM (
                  SELECT proposal_id, 1 AS delta FROM new_rows
                  UNION ALL
                  SELECT proposal_id, -1 FROM old_rows
              ) r GROUP BY proposal_id HAVING sum(delta) <> 0) d
        WHERE p.id = d.proposal_id;
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION participation_count_comments() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    -- Comments point at their target through a content type; only those on proposals are counted.
    proposal_type integer := (
        SELECT id FROM django_content_type WHERE app_label = 'participation' AND model = 'proposal'
    );
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE participation_proposal p SET comments_count = p.comments_count + d.delta
        FROM (SELECT object_id, count(*)::integer AS delta FROM new_rows
              WHERE content_type_id = proposal_type AND participation_published(published_at, hidden_at)
              GROUP BY object_id) d
        WHERE p.id = d.object_id;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE participation_proposal p SET comments_count = p.comments_count - d.delta
        FROM (SELECT object_id, count(*)::integer AS delta FROM old_rows
              WHERE content_type_id = proposal_type AND participation_published(published_at, hidden_at)
              GROUP BY object_id) d
        WHERE p.id = d.object_id;
    ELSE
        UPDATE participation_proposal p SET comments_count = p.comments_count + d.delta
        FROM (SELECT object_id, sum(delta)::integer AS delta FROM (
                  SELECT object_id, 1 AS delta FROM new_rows
                  WHERE content_type_id = proposal_type AND participation_published(published_at, hidden_at)
                  UNION ALL
                  SELECT object_id, -1 FROM old_rows
                  WHERE content_type_id = proposal_type AND participation_published(published_at, hidden_at)
              ) r GROUP BY object_id HAVING sum(delta) <> 0) d
        WHERE p.id = d.object_id;
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER participation_count_ins AFTER INSERT ON participation_support
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION participation_count_supports();
CREATE OR REPLACE TRIGGER participation_count_upd AFTER UPDATE ON participation_support
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION participation_count_supports();
CREATE OR REPLACE TRIGGER participation_count_del AFTER DELETE ON participation_support
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION participation_count_supports();

CREATE OR REPLACE TRIGGER participation_count_ins AFTER INSERT ON participation_comment
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION participation_count_comments();
CREATE OR REPLACE TRIGGER participation_count_upd AFTER UPDATE ON participation_comment
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION participation_count_comments();
CREATE OR REPLACE TRIGGER participation_count_del AFTER DELETE ON participation_comment
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION participation_count_comments();

-- Recount from scratch: the counts are then right even if rows were written with triggers disabled.
UPDATE participation_proposal p SET supports_count = n.supports, comments_count = n.comments
FROM (
    SELECT p.id, COALESCE(s.n, 0) AS supports, COALESCE(c.n, 0) AS comments
    FROM participation_proposal p
    LEFT JOIN (SELECT proposal_id, count(*)::integer AS n FROM participation_support GROUP BY proposal_id) s
        ON s.proposal_id = p.id
    LEFT JOIN (
        SELECT object_id, count(*)::integer AS n FROM participation_comment
        WHERE content_type_id = (
            SELECT id FROM django_content_type WHERE app_label = 'participation' AND model = 'proposal'
        ) AND participation_published(published_at, hidden_at)
        GROUP BY object_id
    ) c ON c.object_id = p.id
) n
WHERE p.id = n.id AND (p.supports_count, p.comments_count) IS DISTINCT FROM (n.supports, n.comments);
