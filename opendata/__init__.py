"""Open data: downloads of every published layer, density rasters, the DCAT catalogue and dated snapshots.

Privacy rule. Every file published here, aggregates included, is computed from the layer views of `layers/` and
from nothing else: it counts only contributions that are themselves published one by one, with their exact
geometry and their pseudonym, in the proposals and annotations layers; hidden, unpublished and private-space
content is in no view, hence in no count, raster cell or extract. An aggregate (a commune count, a density cell)
therefore tells nothing about a person that the point layers do not already show, and no small-count suppression
(such as "fewer than 3 contributions") is applied: it would hide nothing that is not downloadable next to it, and
it would distort the density. No identity enters an aggregate: the rasters count contributions, never authors.
Dated snapshots freeze the public data of a day; they are deleted after OPENDATA_SNAPSHOT_DAYS (365 by default),
and a moderator who hides a contribution for the personal data it contains deletes the snapshots published since
with `manage.py publish_opendata --delete-snapshot DATE`.
"""
