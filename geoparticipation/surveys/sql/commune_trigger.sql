-- The commune of a map answer is stored on every write, whatever the path, by the territory's rule
-- (territory_commune_for), as for the contributions: the per-commune layer is then a GROUP BY.
CREATE OR REPLACE FUNCTION surveys_set_commune() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.commune_id := CASE WHEN NEW.geom IS NULL THEN NULL ELSE territory_commune_for(NEW.geom) END;
    RETURN NEW;
END
$$;

CREATE OR REPLACE TRIGGER surveys_answer_commune
    BEFORE INSERT OR UPDATE OF geom ON surveys_answer
    FOR EACH ROW EXECUTE FUNCTION surveys_set_commune();
