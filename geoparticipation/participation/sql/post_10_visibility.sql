-- What anyone may see, decided here and nowhere else in SQL (ContributionQuerySet.published() and
-- ProcessQuerySet.public() say the same in Python; a test keeps them equal). Content is public when it is published
-- and not hidden by moderation (participation_published, the row's half) in a concertation that is published and
-- open to everyone (participation_public_process, the concertation's half). Every layer view, counter trigger,
-- indicator and campaign query is built on these two.

-- Inlined by the planner (one SQL expression, immutable), so a filter on it still reaches the indexes.
CREATE OR REPLACE FUNCTION participation_published(published_at timestamptz, hidden_at timestamptz)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT published_at IS NOT NULL AND hidden_at IS NULL
$$;

-- The concertation's half, on its two columns, for the triggers that compare a concertation before and after a
-- write; the view applies it to the table.
CREATE OR REPLACE FUNCTION participation_process_is_public(published boolean, is_private boolean)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT published AND NOT is_private
$$;

CREATE OR REPLACE VIEW participation_public_process AS
SELECT * FROM participation_process WHERE participation_process_is_public(published, is_private);
