-- The map answers of the surveys, published only as counts per commune: a place tied to a person is never
-- published. The counts of each question go through the small-count rule of geoparticipation/surveys/privacy.py
-- (`hidden`, whose docstring argues it), mirrored here and kept equal to it by tests/surveys/test_privacy_sql.py.
-- In a question with counts of 1 to 4 in some communes, those are hidden (answers NULL, suppressed true), and with
-- them every count equal to its smallest count of 5 or more when they are only one, all 1 or all 4; a question
-- with no count of 5 or more has no row at all. Only published surveys of published, non-private concertations
-- (participation_public_process).
CREATE OR REPLACE VIEW layer_survey_answers AS
SELECT q.id || '-' || c.insee AS id,
       pr.slug AS process,
       s.slug AS survey,
       q.id AS question,
       q.text AS prompt,
       c.insee AS commune_insee,
       c.nom AS commune_nom,
       CASE WHEN NOT n.hidden THEN n.answers END AS answers,
       n.hidden AS suppressed,
       c.geom
FROM (
    SELECT t.question_id, t.commune_id, t.answers,
           t.smalls > 0 AND (
               t.answers < 5
               OR (t.answers = t.smallest_large AND (t.smalls = 1 OR t.largest_small = 1 OR t.smallest_small = 4))
           ) AS hidden,
           t.smalls > 0 AND t.smallest_large IS NULL AS hidden_whole
    FROM (
        SELECT c.question_id, c.commune_id, c.answers,
               count(*) FILTER (WHERE c.answers < 5) OVER per_question AS smalls,
               min(c.answers) FILTER (WHERE c.answers < 5) OVER per_question AS smallest_small,
               max(c.answers) FILTER (WHERE c.answers < 5) OVER per_question AS largest_small,
               min(c.answers) FILTER (WHERE c.answers >= 5) OVER per_question AS smallest_large
        FROM (
            SELECT a.question_id, a.commune_id, count(*)::integer AS answers
            FROM surveys_answer a
            WHERE a.geom IS NOT NULL AND a.commune_id IS NOT NULL
            GROUP BY a.question_id, a.commune_id
        ) c
        WINDOW per_question AS (PARTITION BY c.question_id)
    ) t
) n
JOIN surveys_question q ON q.id = n.question_id
JOIN surveys_survey s ON s.id = q.survey_id
JOIN participation_public_process pr ON pr.id = s.process_id
JOIN territory_commune c ON c.id = n.commune_id
WHERE s.published AND NOT n.hidden_whole;
