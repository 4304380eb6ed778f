-- The map answers of the surveys, published only as counts per commune: a place tied to a person is never
-- published. Counts of 1 to 4 could single a participant out: they are withheld (answers NULL, suppressed true),
-- the threshold of geoparticipation/surveys/privacy.py (SMALL_COUNT). Only published surveys of published,
-- non-private concertations.
DROP VIEW IF EXISTS layer_survey_answers;

CREATE VIEW layer_survey_answers AS
SELECT q.id || '-' || c.insee AS id,
       pr.slug AS process,
       s.slug AS survey,
       q.id AS question,
       q.text AS prompt,
       c.insee AS commune_insee,
       c.nom AS commune_nom,
       CASE WHEN n.answers >= 5 THEN n.answers END AS answers,
       n.answers < 5 AS suppressed,
       c.geom
FROM (
    SELECT a.question_id, a.commune_id, count(*)::integer AS answers
    FROM surveys_answer a
    WHERE a.geom IS NOT NULL AND a.commune_id IS NOT NULL
    GROUP BY a.question_id, a.commune_id
) n
JOIN surveys_question q ON q.id = n.question_id
JOIN surveys_survey s ON s.id = q.survey_id
JOIN participation_process pr ON pr.id = s.process_id
JOIN territory_commune c ON c.id = n.commune_id
WHERE s.published AND pr.published AND NOT pr.is_private;

-- Feeds and tile caches follow layers_data_version (00_version.sql): survey writes bump it too.
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['surveys_answer', 'surveys_question', 'surveys_survey'] LOOP
        EXECUTE format(
            'CREATE OR REPLACE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I '
            'FOR EACH STATEMENT EXECUTE FUNCTION layers_bump_version()', t || '_layers_version', t);
    END LOOP;
END
$$;
