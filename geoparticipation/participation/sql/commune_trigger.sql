-- Every write of a contribution's geometry stores its commune, whatever the path
-- (API, back-office, bulk seed): the rule is territory_commune_for(), in the territory app.
CREATE OR REPLACE FUNCTION participation_set_commune() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.commune_id := territory_commune_for(NEW.geom);
    RETURN NEW;
END
$$;

CREATE OR REPLACE TRIGGER participation_proposal_commune
    BEFORE INSERT OR UPDATE OF geom ON participation_proposal
    FOR EACH ROW EXECUTE FUNCTION participation_set_commune();
CREATE OR REPLACE TRIGGER participation_meeting_commune
    BEFORE INSERT OR UPDATE OF geom ON participation_meeting
    FOR EACH ROW EXECUTE FUNCTION participation_set_commune();
CREATE OR REPLACE TRIGGER participation_annotation_commune
    BEFORE INSERT OR UPDATE OF geom ON participation_annotation
    FOR EACH ROW EXECUTE FUNCTION participation_set_commune();
