-- The map answers of the surveys, published only as counts per commune: a place tied to a person is never
-- published. Counts of 1 to 4 could single a participant out: they are withheld (answers NULL, suppressed true),
-- the threshold of geoparticipation/surveys/privacy.py (SMALL_COUNT). Only published surveys of published,
-- non-private concertations (participation_public_process).
CREATE OR REPLACE VIEW layer_survey_answers AS
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
JOIN participation_public_process pr ON pr.id = s.process_id
JOIN territory_commune c ON c.id = n.commune_id
WHERE s.published;
