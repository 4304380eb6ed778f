"""Where the WFS relies on django-gisserver's internals. It is pinned to 2.5.x (pyproject.toml): before upgrading it,
read this module; tests/layers/test_gisserver_internals.py fails at once if one of these moves, and docs/upstream/
holds the reports and patches that would let us drop them.
"""

import dataclasses

import gisserver.parsers
from gisserver.crs import CRS, CRS84
from gisserver.parsers.ast import tag_registry
from gisserver.parsers.fes20 import filters as fes20_filters


def read_bbox_with(cls):
    """The BBOX parameter is read by `GEOSGMLGeometry.from_bbox`, looked up as a global of
    gisserver/parsers/fes20/filters.py, its only user: replacing the global is the one hook. If gisserver imports
    the class another way, BBOX silently goes back to gisserver's reading (whole-world boxes fail in PROJ again,
    `EPSG:4326` is read latitude first)."""
    fes20_filters.GEOSGMLGeometry = cls


def parse_tag_with(tag, cls):
    """gisserver's registry of XML element parsers refuses a second class for a tag (`tag_registry.register`), so
    the entry of its private dict `parsers` is replaced. If the dict is renamed, this raises at import."""
    tag_registry.parsers[tag] = cls


def set_has_next(collection, has_more: bool) -> None:
    """What gisserver's own page reading records in `SimpleFeatureCollection._has_more`, read by its `has_next`."""
    collection._has_more = has_more


def srs_name_rewrite(output_crs):
    """(written, wanted): the srsName that ST_AsGML writes and the one the client asked for, or None when they are
    the same; what gisserver's private `DBGMLRenderingMixin._fix_db_crs_name` does to each GML text in Python,
    done here by the database."""
    if output_crs.force_xy:
        return 'srsName="EPSG:', 'srsName="http://www.opengis.net/gml/srs/epsg.xml#'
    if output_crs == CRS84:
        return 'srsName="urn:ogc:def:crs:EPSG::4326"', 'srsName="urn:ogc:def:crs:OGC::CRS84"'
    return None


# Where gisserver reads requests: its parsers package. An error raised from its code comes from the request.
REQUEST_READERS = gisserver.parsers.__path__[0]


def raised_by_request_readers(error) -> bool:
    """Whether the error was raised by gisserver's readers of the request (gisserver/parsers/), which fail on some
    malformed values with an IndexError or an AttributeError instead of an exception report
    (docs/upstream/fuzz-parser-crashes.md). If gisserver moves its parsers, such errors are 500s again."""
    return raised_in(error, REQUEST_READERS)


def raised_in(error, directory) -> bool:
    """Whether the error passed through code under that directory."""
    frame = error.__traceback__
    while frame is not None:
        if frame.tb_frame.f_code.co_filename.startswith(directory):
            return True
        frame = frame.tb_next
    return False


def read_epsg_code_x_first(srids):
    """gisserver reads `EPSG:4326` longitude first (GISSERVER_FORCE_XY_EPSG_4326), as GeoServer does, but any other
    `EPSG:code` in the authority's axis order, where GeoServer reads every `EPSG:code` x first: `EPSG:4258` would be
    latitude first and `EPSG:3035` northing first. `CRS._from_prefix`, which reads the spellings that are not URNs,
    is wrapped so that these codes are read and written as `EPSG:4326` is; if it is renamed, this raises at import."""
    read = CRS._from_prefix.__func__
    srids = frozenset(srids)

    def from_prefix(cls, uri):
        crs = read(cls, uri)
        if crs.srid not in srids or not crs.origin.startswith("EPSG:"):
            return crs
        legacy = dataclasses.replace(crs, force_xy=True)
        legacy.__dict__["origin"] = crs.origin
        return legacy

    CRS._from_prefix = classmethod(from_prefix)
