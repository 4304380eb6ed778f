-- The key under which campaigns.find_duplicates() groups contributions: the md5 of the text once accents are
-- folded, case lowered and everything but letters removed (« Non, au PÉAGE ! » and « non au peage » match), or NULL
-- when fewer than min_length letters remain. The upper-case accents are folded explicitly: lower() leaves them alone
-- under the C collation. A function of its own so that the folding, the costliest step of a detection over a million
-- texts, runs once per text: written inline, it ran once for the length and again for the key.
CREATE OR REPLACE FUNCTION analysis_text_digest(text text, min_length integer) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    normalised text := regexp_replace(
        lower(translate(text, 'àáâãäåçèéêëìíîïñòóôõöùúûüýÿœæÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝŸŒÆ',
                        'aaaaaaceeeeiiiinooooouuuuyyoaAAAAAACEEEEIIIINOOOOOUUUUYYOA')),
        '[^a-z]+', '', 'g');
BEGIN
    IF length(normalised) >= min_length THEN
        RETURN md5(normalised);
    END IF;
    RETURN NULL;
END
$$;
