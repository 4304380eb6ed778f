-- The published layers. Each view is the whole public definition of its layer: which rows (the public rule of
-- geoparticipation/participation/sql/post_10_visibility.sql: published, not hidden by moderation, in a public
-- concertation) and which columns (no e-mail, no name behind a pseudonym). Every feed reads these views and nothing
-- else. PostgreSQL inlines them, so filters on geom reach the GiST index of the underlying table.
--
-- The contribution layers are written in two steps: layers_<kind>_rows holds the published rows of every
-- concertation in the layer's columns, and the layer keeps those of public concertations. No feed reads the rows
-- views: they only render the answer to a member's contribution in a private space with the layer's columns.

CREATE OR REPLACE VIEW layers_proposal_rows AS
SELECT p.id,
       pr.slug AS process,
       p.title,
       p.body,
       t.slug AS theme,
       t.name AS theme_name,
       p.state,
       p.answer,
       p.supports_count,
       p.comments_count,
       COALESCE(u.pseudonym, 'Participant supprimé') AS author,
       c.insee AS commune_insee,
       c.nom AS commune_nom,
       p.published_at,
       '/concertations/' || pr.slug || '/propositions/' || p.id || '/' AS url,
       p.geom
FROM participation_proposal p
JOIN participation_process pr ON pr.id = p.process_id
LEFT JOIN participation_theme t ON t.id = p.theme_id
LEFT JOIN accounts_user u ON u.id = p.author_id
LEFT JOIN territory_commune c ON c.id = p.commune_id
WHERE participation_published(p.published_at, p.hidden_at);

CREATE OR REPLACE VIEW layer_proposals AS
SELECT r.* FROM layers_proposal_rows r WHERE r.process IN (SELECT slug FROM participation_public_process);

CREATE OR REPLACE VIEW layer_meetings AS
SELECT m.id,
       pr.slug AS process,
       m.title,
       m.description,
       m.start_time,
       m.end_time,
       m.address,
       m.registration_url,
       m.online_url,
       c.insee AS commune_insee,
       c.nom AS commune_nom,
       '/concertations/' || pr.slug || '/reunions/#reunion-' || m.id AS url,
       m.geom
FROM participation_meeting m
JOIN participation_public_process pr ON pr.id = m.process_id
LEFT JOIN territory_commune c ON c.id = m.commune_id
WHERE participation_published(m.published_at, m.hidden_at);

CREATE OR REPLACE VIEW layers_annotation_rows AS
SELECT a.id,
       pr.slug AS process,
       a.kind,
       a.comment,
       COALESCE(u.pseudonym, 'Participant supprimé') AS author,
       c.insee AS commune_insee,
       c.nom AS commune_nom,
       a.published_at,
       a.geom
FROM participation_annotation a
JOIN participation_process pr ON pr.id = a.process_id
LEFT JOIN accounts_user u ON u.id = a.author_id
LEFT JOIN territory_commune c ON c.id = a.commune_id
WHERE participation_published(a.published_at, a.hidden_at);

CREATE OR REPLACE VIEW layer_annotations AS
SELECT r.* FROM layers_annotation_rows r WHERE r.process IN (SELECT slug FROM participation_public_process);

CREATE OR REPLACE VIEW layer_communes AS
SELECT c.insee,
       c.nom,
       c.population,
       COALESCE(n.proposals, 0) AS proposals_count,
       COALESCE(n.meetings, 0) AS meetings_count,
       COALESCE(n.annotations, 0) AS annotations_count,
       COALESCE(n.proposals + n.annotations, 0) AS contributions_count,
       round(COALESCE(n.proposals + n.annotations, 0) * 1000.0 / NULLIF(c.population, 0), 2)::float8
           AS contributions_per_1000,
       c.geom
FROM territory_commune c
LEFT JOIN (
    SELECT k.commune_id,
           sum(k.proposals)::integer AS proposals,
           sum(k.meetings)::integer AS meetings,
           sum(k.annotations)::integer AS annotations
    FROM layers_commune_count k
    JOIN participation_public_process pr ON pr.id = k.process_id
    GROUP BY k.commune_id
) n ON n.commune_id = c.id;

-- The annotations split by geometry type, for clients that need one type per layer (a Shapefile writer).
-- No cast to a typed geometry here: a filter on a cast expression would not reach the GiST index.
CREATE OR REPLACE VIEW layer_annotations_points AS
SELECT * FROM layer_annotations WHERE GeometryType(geom) = 'POINT';

CREATE OR REPLACE VIEW layer_annotations_lines AS
SELECT * FROM layer_annotations WHERE GeometryType(geom) = 'LINESTRING';

CREATE OR REPLACE VIEW layer_annotations_polygons AS
SELECT * FROM layer_annotations WHERE GeometryType(geom) = 'POLYGON';
