-- The server-side cache of vector tiles (tiles/cache.py). UNLOGGED: losing it on a crash only costs a rebuild,
-- and its writes skip the WAL. A row is valid while its version equals layers_data_version.version, so one
-- bump invalidates every tile at once; a stale row is overwritten the next time its tile is asked for.
CREATE UNLOGGED TABLE IF NOT EXISTS tiles_cache (
    layer text NOT NULL,
    z smallint NOT NULL,
    x integer NOT NULL,
    y integer NOT NULL,
    version bigint NOT NULL,
    tile bytea NOT NULL,
    PRIMARY KEY (layer, z, x, y)
);
-- Tiles are already compact protobuf: storing them uncompressed keeps writes and reads cheap.
ALTER TABLE tiles_cache ALTER COLUMN tile SET STORAGE EXTERNAL;
