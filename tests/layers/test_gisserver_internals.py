"""The internals of django-gisserver that the WFS relies on (layers/gisserver_internals.py) are still where we use
them: a failure here is the first thing an upgrade of gisserver breaks."""

from importlib.metadata import version
from types import SimpleNamespace

import pytest
from gisserver.crs import CRS, CRS84, WGS84
from gisserver.output import DBGML32Renderer, SimpleFeatureCollection
from gisserver.parsers.ast import tag_registry
from gisserver.parsers.fes20 import filters as fes20_filters
from gisserver.parsers.values import fix_type_name
from gisserver.parsers.xml import xmlns

from layers import wfs
from layers.gisserver_internals import raised_by_request_readers, set_has_next, srs_name_rewrite
from layers.models import ProposalFeature


def test_the_installed_gisserver_is_the_one_these_internals_were_read_from():
    assert version("django-gisserver").startswith("2.5.")


def test_the_bbox_parameter_and_gml_envelopes_are_read_by_our_classes():
    assert fes20_filters.GEOSGMLGeometry is wfs.FilterBox
    assert tag_registry.parsers[f"{{{xmlns.gml32.value}}}Envelope"] is wfs.Envelope
    assert tag_registry.parsers[f"{{{xmlns.gml21.value}}}Envelope"] is wfs.Envelope


def test_property_is_like_and_bbox_are_read_by_our_classes():
    assert tag_registry.parsers[f"{{{xmlns.fes20.value}}}PropertyIsLike"] is wfs.CaseAwareLike
    assert tag_registry.parsers[f"{{{xmlns.fes20.value}}}BBOX"] is wfs.LayerBBox


def test_a_page_reads_the_next_page_flag_we_record():
    page = SimpleFeatureCollection(
        source_query=None, feature_types=[], queryset=ProposalFeature.objects.none(), start=0, stop=10
    )
    set_has_next(page, True)
    assert page.has_next is True
    set_has_next(page, False)
    assert page.has_next is False


@pytest.mark.parametrize("crs", [CRS.from_string("EPSG:4326"), WGS84, CRS84, CRS.from_srid(2154)], ids=str)
def test_the_database_spells_the_srs_name_as_gisserver_would(crs):
    # ST_AsGML writes the short EPSG:n form for legacy CRS names, the URN otherwise.
    written = f'<gml:Point srsName="{"EPSG:" if crs.force_xy else "urn:ogc:def:crs:EPSG::"}{crs.srid}"/>'
    theirs = DBGML32Renderer._fix_db_crs_name(None, SimpleNamespace(output_crs=crs), written)
    rewrite = srs_name_rewrite(crs)
    assert (written if rewrite is None else written.replace(*rewrite, 1)) == theirs


def test_a_crash_of_gisserver_reading_a_malformed_name_is_told_from_our_own_errors():
    with pytest.raises(AttributeError) as theirs:
        fix_type_name(None, "https://geoparticipation.lillemetropole.fr/wfs")
    with pytest.raises(AttributeError) as ours:
        None.startswith("x")
    assert raised_by_request_readers(theirs.value)
    assert not raised_by_request_readers(ours.value)
