-- The debates opened by officers, with the counts of published arguments « Pour » and « Contre » (kept by
-- geoparticipation/debates/sql/post_10_counts.sql). The same rule as every layer (sql/post_30_views.sql): published,
-- not hidden by moderation, in a public concertation. Only debates placed on the map: a layer whose every feature
-- has its point is read alike by every client (Shapefile, FlatGeobuf, tiles, a bbox filter); the site lists all
-- debates, placed or not. Arguments are not published here: they are participants' words in a thread, read on the
-- debate's page.
CREATE OR REPLACE VIEW layer_debates AS
SELECT d.id,
       pr.slug AS process,
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
       '/concertations/' || pr.slug || '/debats/' || d.id || '/' AS url,
       d.geom
FROM debates_debate d
JOIN participation_public_process pr ON pr.id = d.process_id
LEFT JOIN territory_commune c ON c.id = d.commune_id
WHERE participation_published(d.published_at, d.hidden_at) AND d.geom IS NOT NULL;
