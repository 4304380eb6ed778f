-- Every write of a contribution's geometry stores its commune, whatever the path (API, back-office, bulk seed): the
-- rule is territory_commune_for(), in the territory app. The trigger itself is installed on each contribution
-- table by geoparticipation_watch() (geoparticipation/sql/post_watch.sql), and on survey answers by the surveys app.
CREATE OR REPLACE FUNCTION participation_set_commune() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.commune_id := territory_commune_for(NEW.geom);
    RETURN NEW;
END
$$;
