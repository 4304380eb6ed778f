-- The « d'accord » and « pas d'accord » of each comment, kept in agrees_count and disagrees_count by statement-level
-- triggers, as post_30_counts.sql keeps a proposal's supports: a vote given, changed (agree to disagree: one row
-- updated) or withdrawn by any path moves the counts within the same statement. Recounted at each migrate.

CREATE OR REPLACE FUNCTION participation_count_comment_votes() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- +1 per new vote and -1 per old one, grouped per comment. A transition table exists only for its own
    -- operations, hence one statement per operation. An update of the user alone (an account deleted) nets to
    -- nothing and writes nothing.
    IF TG_OP = 'INSERT' THEN
        UPDATE participation_comment c
        SET agrees_count = c.agrees_count + d.agrees, disagrees_count = c.disagrees_count + d.disagrees
        FROM (SELECT comment_id, count(*) FILTER (WHERE value = 1)::integer AS agrees,
                     count(*) FILTER (WHERE value = -1)::integer AS disagrees
              FROM new_rows GROUP BY comment_id) d
        WHERE c.id = d.comment_id;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE participation_comment c
        SET agrees_count = c.agrees_count - d.agrees, disagrees_count = c.disagrees_count - d.disagrees
        FROM (SELECT comment_id, count(*) FILTER (WHERE value = 1)::integer AS agrees,
                     count(*) FILTER (WHERE value = -1)::integer AS disagrees
              FROM old_rows GROUP BY comment_id) d
        WHERE c.id = d.comment_id;
    ELSE
        UPDATE participation_comment c
        SET agrees_count = c.agrees_count + d.agrees, disagrees_count = c.disagrees_count + d.disagrees
        FROM (SELECT comment_id, sum(agrees)::integer AS agrees, sum(disagrees)::integer AS disagrees FROM (
                  SELECT comment_id, (value = 1)::integer AS agrees, (value = -1)::integer AS disagrees FROM new_rows
                  UNION ALL
                  SELECT comment_id, -(value = 1)::integer, -(value = -1)::integer FROM old_rows
              ) r GROUP BY comment_id HAVING sum(agrees) <> 0 OR sum(disagrees) <> 0) d
        WHERE c.id = d.comment_id;
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER participation_vote_count_ins AFTER INSERT ON participation_commentvote
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION participation_count_comment_votes();
CREATE OR REPLACE TRIGGER participation_vote_count_upd AFTER UPDATE ON participation_commentvote
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION participation_count_comment_votes();
CREATE OR REPLACE TRIGGER participation_vote_count_del AFTER DELETE ON participation_commentvote
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION participation_count_comment_votes();

-- Recount from scratch: the counts are then right even if rows were written with triggers disabled.
UPDATE participation_comment c SET agrees_count = n.agrees, disagrees_count = n.disagrees
FROM (
    SELECT c.id, COALESCE(v.agrees, 0) AS agrees, COALESCE(v.disagrees, 0) AS disagrees
    FROM participation_comment c
    LEFT JOIN (
        SELECT comment_id, count(*) FILTER (WHERE value = 1)::integer AS agrees,
               count(*) FILTER (WHERE value = -1)::integer AS disagrees
        FROM participation_commentvote GROUP BY comment_id
    ) v ON v.comment_id = c.id
) n
WHERE c.id = n.id AND (c.agrees_count, c.disagrees_count) IS DISTINCT FROM (n.agrees, n.disagrees);
