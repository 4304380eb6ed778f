-- The commune of a map answer is stored on every write, whatever the path, by the trigger function of the
-- contributions (participation_set_commune: the territory's rule on geom; no commune without a place), so that
-- the per-commune layer is a GROUP BY.
CREATE OR REPLACE TRIGGER surveys_commune
    BEFORE INSERT OR UPDATE OF geom ON surveys_answer
    FOR EACH ROW EXECUTE FUNCTION participation_set_commune();
