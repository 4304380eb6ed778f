-- The key under which campaigns.find_duplicates() groups contributions: the md5 of the text once accents are
-- folded, case lowered and everything but letters removed (« Non, au PÉAGE ! » and « non au peage » match), or NULL
-- when fewer than 30 letters remain (shorter texts are alike by chance). The upper-case accents are folded
-- explicitly: lower() leaves them alone under the C collation.
CREATE OR REPLACE FUNCTION analysis_text_digest(text text) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    normalised text := regexp_replace(
        lower(translate(text, 'àáâãäåçèéêëìíîïñòóôõöùúûüýÿœæÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝŸŒÆ',
                        'aaaaaaceeeeiiiinooooouuuuyyoaAAAAAACEEEEIIIINOOOOOUUUUYYOA')),
        '[^a-z]+', '', 'g');
BEGIN
    IF length(normalised) >= 30 THEN
        RETURN md5(normalised);
    END IF;
    RETURN NULL;
END
$$;

-- Each write of a text keeps its digest (text_digest), whatever the path (site, API, correction by an officer,
-- admin, bulk seed), so that a detection groups the stored digests instead of folding a million texts at each run.
-- Only a write of the text itself fires it: a counter's update does not fold the text again.
CREATE OR REPLACE FUNCTION analysis_keep_proposal_digest() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.text_digest := analysis_text_digest(NEW.title || ' ' || NEW.body);
    RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION analysis_keep_annotation_digest() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.text_digest := analysis_text_digest(NEW.comment);
    RETURN NEW;
END
$$;

CREATE TRIGGER analysis_proposal_digest BEFORE INSERT OR UPDATE OF title, body, text_digest ON participation_proposal
FOR EACH ROW EXECUTE FUNCTION analysis_keep_proposal_digest();

CREATE TRIGGER analysis_annotation_digest BEFORE INSERT OR UPDATE OF comment, text_digest ON participation_annotation
FOR EACH ROW EXECUTE FUNCTION analysis_keep_annotation_digest();
