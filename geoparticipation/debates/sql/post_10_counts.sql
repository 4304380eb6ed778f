-- The counters of the debates, kept by statement-level triggers as the proposals' are
-- (geoparticipation/participation/sql/post_30_counts.sql): whatever writes, deletes or hides an argument or a
-- support (the site, the back-office, a bulk statement), the counts follow within the same statement. A debate counts
-- its published top-level arguments per stance (a reply has none); an argument its supports. Recounted at each
-- migrate. The commune of an argument's place is computed at each write of it, as a contribution's is.

-- Adds grouped deltas (+1 per new published row, -1 per old one) to the debates' counters.
CREATE OR REPLACE FUNCTION debates_add_arguments(debates bigint[], stances text[], deltas integer[]) RETURNS void
LANGUAGE sql AS $$
    UPDATE debates_debate g
    SET arguments_for = g.arguments_for + d.pour,
        arguments_against = g.arguments_against + d.contre,
        arguments_nuance = g.arguments_nuance + d.nuance
    FROM (
        SELECT debate_id,
               COALESCE(sum(delta) FILTER (WHERE stance = 'for'), 0)::integer AS pour,
               COALESCE(sum(delta) FILTER (WHERE stance = 'against'), 0)::integer AS contre,
               COALESCE(sum(delta) FILTER (WHERE stance = 'nuance'), 0)::integer AS nuance
        FROM unnest(debates, stances, deltas) AS c(debate_id, stance, delta)
        GROUP BY debate_id
    ) d
    WHERE g.id = d.debate_id AND (d.pour, d.contre, d.nuance) <> (0, 0, 0)
$$;

CREATE OR REPLACE FUNCTION debates_count_arguments() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    debates bigint[];
    stances text[];
    deltas integer[];
BEGIN
    -- A transition table exists only for its own operations, hence one statement per operation.
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(debate_id), array_agg(stance), array_agg(1) INTO debates, stances, deltas
        FROM new_rows WHERE stance <> '' AND participation_published(published_at, hidden_at);
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(debate_id), array_agg(stance), array_agg(-1) INTO debates, stances, deltas
        FROM old_rows WHERE stance <> '' AND participation_published(published_at, hidden_at);
    ELSE
        SELECT array_agg(debate_id), array_agg(stance), array_agg(delta) INTO debates, stances, deltas FROM (
            SELECT debate_id, stance, 1 AS delta FROM new_rows
            WHERE stance <> '' AND participation_published(published_at, hidden_at)
            UNION ALL
            SELECT debate_id, stance, -1 FROM old_rows
            WHERE stance <> '' AND participation_published(published_at, hidden_at)
        ) r;
    END IF;
    IF debates IS NOT NULL THEN
        PERFORM debates_add_arguments(debates, stances, deltas);
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION debates_count_supports() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE debates_argument a SET supports_count = a.supports_count + d.delta
        FROM (SELECT argument_id, count(*)::integer AS delta FROM new_rows GROUP BY argument_id) d
        WHERE a.id = d.argument_id;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE debates_argument a SET supports_count = a.supports_count - d.delta
        FROM (SELECT argument_id, count(*)::integer AS delta FROM old_rows GROUP BY argument_id) d
        WHERE a.id = d.argument_id;
    ELSE
        UPDATE debates_argument a SET supports_count = a.supports_count + d.delta
        FROM (SELECT argument_id, sum(delta)::integer AS delta FROM (
                  SELECT argument_id, 1 AS delta FROM new_rows
                  UNION ALL
                  SELECT argument_id, -1 FROM old_rows
              ) r GROUP BY argument_id HAVING sum(delta) <> 0) d
        WHERE a.id = d.argument_id;
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER debates_count_ins AFTER INSERT ON debates_argument
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION debates_count_arguments();
CREATE OR REPLACE TRIGGER debates_count_upd AFTER UPDATE ON debates_argument
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION debates_count_arguments();
CREATE OR REPLACE TRIGGER debates_count_del AFTER DELETE ON debates_argument
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION debates_count_arguments();

CREATE OR REPLACE TRIGGER debates_count_ins AFTER INSERT ON debates_argumentsupport
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION debates_count_supports();
CREATE OR REPLACE TRIGGER debates_count_upd AFTER UPDATE ON debates_argumentsupport
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION debates_count_supports();
CREATE OR REPLACE TRIGGER debates_count_del AFTER DELETE ON debates_argumentsupport
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION debates_count_supports();

-- The commune of an argument's place (territory_commune_for, through the contributions' trigger function).
CREATE OR REPLACE TRIGGER debates_commune BEFORE INSERT OR UPDATE OF geom ON debates_argument
    FOR EACH ROW EXECUTE FUNCTION participation_set_commune();

-- Recount from scratch: the counts are then right even if rows were written with triggers disabled.
UPDATE debates_argument a SET supports_count = n.supports
FROM (
    SELECT a.id, COALESCE(s.n, 0) AS supports FROM debates_argument a
    LEFT JOIN (SELECT argument_id, count(*)::integer AS n FROM debates_argumentsupport GROUP BY argument_id) s
        ON s.argument_id = a.id
) n
WHERE a.id = n.id AND a.supports_count IS DISTINCT FROM n.supports;

UPDATE debates_debate g SET arguments_for = n.pour, arguments_against = n.contre, arguments_nuance = n.nuance
FROM (
    SELECT g.id,
           count(a.id) FILTER (WHERE a.stance = 'for')::integer AS pour,
           count(a.id) FILTER (WHERE a.stance = 'against')::integer AS contre,
           count(a.id) FILTER (WHERE a.stance = 'nuance')::integer AS nuance
    FROM debates_debate g
    LEFT JOIN debates_argument a ON a.debate_id = g.id AND a.stance <> ''
        AND participation_published(a.published_at, a.hidden_at)
    GROUP BY g.id
) n
WHERE g.id = n.id AND (g.arguments_for, g.arguments_against, g.arguments_nuance) IS DISTINCT FROM (n.pour, n.contre, n.nuance);
