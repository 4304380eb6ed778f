-- The debates opened by officers, with the counts of published arguments « Pour » and « Contre » (kept by
-- geoparticipation/debates/sql/post_10_counts.sql). The same rule as every layer (sql/post_30_views.sql): published,
-- not hidden by moderation, in a public concertation, written once in layers_public_debates, which the arguments'
-- layer (post_60_debate_arguments.sql) reads too. Only debates placed on the map: a layer whose every feature has
-- its point is read alike by every client (Shapefile, FlatGeobuf, tiles, a bbox filter); the site lists all
-- debates, placed or not.
CREATE OR REPLACE VIEW layers_public_debates AS
SELECT d.id, d.process_id, pr.slug AS process_slug, d.title, d.description, d.state, d.conclusion, d.arguments_for,
       d.arguments_against, d.arguments_nuance, d.commune_id, d.published_at, d.geom
FROM debates_debate d
JOIN participation_public_process pr ON pr.id = d.process_id
WHERE participation_published(d.published_at, d.hidden_at);

CREATE OR REPLACE VIEW layer_debates AS
SELECT d.id,
       d.process_slug AS process,
       d.title,
       d.description,
       d.state,
       d.conclusion,
       d.arguments_for,
       d.arguments_against,
       d.arguments_nuance,
       c.insee AS commune_insee,
       c.nom AS commune_nom,
       d.published_at,
       '/concertations/' || d.process_slug || '/debats/' || d.id || '/' AS url,
       d.geom
FROM layers_public_debates d
LEFT JOIN territory_commune c ON c.id = d.commune_id
WHERE d.geom IS NOT NULL;
