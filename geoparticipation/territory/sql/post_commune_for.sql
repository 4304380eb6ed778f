-- The commune of a contribution (the geometry is in the storage SRID, like the communes).
-- A line or an area counts where its representative point lies (ST_PointOnSurface: always on the
-- geometry, unlike a centroid). A point on a shared border intersects two communes; the lowest
-- INSEE code wins, so the answer is deterministic.
CREATE OR REPLACE FUNCTION territory_commune_for(g geometry) RETURNS bigint
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT c.id
    FROM territory_commune c
    WHERE ST_Intersects(c.geom, ST_PointOnSurface(g))
    ORDER BY c.insee
    LIMIT 1
$$;
