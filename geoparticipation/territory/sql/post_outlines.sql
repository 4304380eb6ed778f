-- The web maps' outlines (territory_outlines, one row) are made from the communes: any change to them forgets the
-- row, and the next map made asks for it again (geoparticipation/territory/services.py, `outlines`). In the
-- writing transaction, so that no reader gets outlines older than the boundaries it sees.
CREATE OR REPLACE FUNCTION territory_outlines_forget() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM territory_outlines;
    RETURN NULL;
END
$$;

CREATE TRIGGER territory_outlines_forget
AFTER INSERT OR DELETE OR TRUNCATE OR UPDATE OF insee, nom, geom ON territory_commune
FOR EACH STATEMENT EXECUTE FUNCTION territory_outlines_forget();
