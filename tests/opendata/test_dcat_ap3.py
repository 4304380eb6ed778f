import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db.models import Max, Min
from pyshacl import validate
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS, RDF, SH
from shapely import wkt
from shapely.geometry import shape

from layers import registry
from opendata import catalog

pytestmark = pytest.mark.django_db

SHAPES = Path(__file__).parent / "shapes"
EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
IANA = "https://www.iana.org/assignments/media-types/"
GEOSPARQL_WKT = URIRef("http://www.opengis.net/ont/geosparql#wktLiteral")
# The two datatypes of a geometry data.gouv.fr keeps (udata, udata/core/dataset/rdf.py, spatial_from_rdf, at
# commit 00a778fa4c687af251c980b6451a67e1a733f6de): it reads every literal of the dct:Location in one of them.
UDATA_GEOMETRY_TYPES = {IANA + "application/vnd.geo+json", "http://www.opengis.net/rdf#wktLiteral"}
DCATAP = Namespace("http://data.europa.eu/r5r/")
WFS = "http://www.opengis.net/doc/IS/wfs/2.0"
OGC_API = "http://www.opengis.net/doc/IS/ogcapi-features-1/1.0"


@pytest.fixture(scope="module")
def graph(opendata):
    response = opendata.get("/opendata/catalog.jsonld")
    return Graph().parse(data=response.body.decode(), format="json-ld")


def shacl_results(graph, *names):
    shapes = Graph()
    for name in names:
        shapes.parse(SHAPES / f"{name}.ttl")
    _, results, text = validate(graph, shacl_graph=shapes, inference="none", allow_warnings=True)
    found = [
        (
            str(results.value(r, SH.resultSeverity)).rpartition("#")[2],
            str(results.value(r, SH.focusNode)),
            str(results.value(r, SH.resultPath)),
        )
        for r in results.subjects(RDF.type, SH.ValidationResult)
    ]
    return found, text


def catalogue(graph):
    return next(graph.subjects(RDF.type, DCAT.Catalog))


def site_path(url):
    parts = urlsplit(str(url))
    return parts.path + (f"?{parts.query}" if parts.query else "")


def layer_datasets(graph):
    return {str(d).rpartition("#")[2]: d for d in graph.subjects(RDF.type, DCAT.Dataset)}


def test_the_catalogue_conforms_to_the_dcat_ap_3_shapes_with_no_violation(graph):
    """shapes.ttl, range.ttl and deprecateduris.ttl of DCAT-AP 3.0.0 (tests/opendata/shapes/README.md says why
    these): not one result, not even a warning."""
    found, text = shacl_results(graph, "shapes", "range", "deprecateduris")
    assert found == [], text


def test_every_recommended_property_is_given_but_the_period_of_the_layers_without_dates(graph):
    """shapes_recommended.ttl: the two warnings left are accepted, dct:temporal of the layers that publish no date
    (the communes, the survey answers): a period would be invented."""
    found, text = shacl_results(graph, "shapes_recommended")
    undated = [layer.id for layer in registry.all_layers() if layer.datetime_column is None]
    assert sorted(undated) == ["communes", "survey_answers"]
    assert sorted(found) == [
        ("Warning", f"http://testserver/opendata/#{layer_id}", str(DCTERMS.temporal)) for layer_id in undated
    ], text


def test_every_format_is_an_eu_file_type_and_every_media_type_an_iana_one(graph):
    formats = set()
    for distribution in graph.subjects(RDF.type, DCAT.Distribution):
        file_type = graph.value(distribution, DCTERMS.format)
        assert isinstance(file_type, URIRef) and str(file_type).startswith(EU_FILE_TYPE), distribution
        formats.add(str(file_type).removeprefix(EU_FILE_TYPE))
        media_type = graph.value(distribution, DCAT.mediaType)
        url = str(graph.value(distribution, DCAT.downloadURL) or "")
        if url.partition("?")[0].endswith(".fgb"):
            # IANA has no FlatGeobuf: the EU's « binary data » for the format, and no media type.
            assert (str(file_type), media_type) == (EU_FILE_TYPE + "BIN", None)
        else:
            assert isinstance(media_type, URIRef) and str(media_type).startswith(IANA), distribution
    assert {"GEOJSON", "GPKG", "CSV", "BIN", "SHP", "GEOTIFF", "PNG", "JSON", "WFS_SRVC"} <= formats


def test_the_wfs_and_ogc_api_distributions_lead_to_services_that_describe_themselves(graph, opendata):
    proposals = layer_datasets(graph)["proposals"]
    services = {}
    for distribution in graph.objects(proposals, DCAT.distribution):
        if service := graph.value(distribution, DCAT.accessService):
            assert (service, RDF.type, DCAT.DataService) in graph
            assert (service, DCAT.servesDataset, proposals) in graph
            assert (catalogue(graph), DCAT.service, service) in graph
            services[str(graph.value(service, DCTERMS.conformsTo))] = service
    assert set(services) == {WFS, OGC_API}

    assert str(graph.value(services[WFS], DCAT.endpointURL)) == "http://testserver/wfs"
    capabilities = opendata.get(site_path(graph.value(services[WFS], DCAT.endpointDescription)))
    assert capabilities.status_code == 200 and b"WFS_Capabilities" in capabilities.body

    assert str(graph.value(services[OGC_API], DCAT.endpointURL)) == "http://testserver/ogc/"
    openapi = opendata.get(site_path(graph.value(services[OGC_API], DCAT.endpointDescription)))
    assert openapi.status_code == 200 and "openapi" in json.loads(openapi.body)


def test_the_territory_is_given_as_a_geosparql_box_and_as_a_geometry_data_gouv_fr_reads(graph):
    west, south, east, north = catalog.territory_bbox()
    for dataset in graph.subjects(RDF.type, DCAT.Dataset):
        location = graph.value(dataset, DCTERMS.spatial)
        box = graph.value(location, DCAT.bbox)
        assert box.datatype == GEOSPARQL_WKT
        assert wkt.loads(str(box)).bounds == (west, south, east, north)
        assert wkt.loads(str(graph.value(location, DCAT.centroid))).within(wkt.loads(str(box)))
        read_by_udata = [
            o for o in graph.objects(location) if isinstance(o, Literal) and str(o.datatype) in UDATA_GEOMETRY_TYPES
        ]
        assert len(read_by_udata) == 1
        geometry = shape(json.loads(str(read_by_udata[0])))
        assert geometry.geom_type == "Polygon" and geometry.bounds == (west, south, east, north)


def test_each_dated_dataset_covers_the_period_of_its_published_rows(graph):
    datasets = layer_datasets(graph)
    for layer in registry.all_layers():
        period = graph.value(datasets[layer.id], DCTERMS.temporal)
        if layer.datetime_column is None:
            assert period is None
            continue
        rows = layer.queryset().aggregate(first=Min(layer.datetime_column), last=Max(layer.datetime_column))
        assert (period, RDF.type, DCTERMS.PeriodOfTime) in graph
        assert graph.value(period, DCAT.startDate).toPython() == rows["first"]
        assert graph.value(period, DCAT.endDate).toPython() == rows["last"]


def test_the_catalogue_datasets_and_services_carry_themes_of_the_eu_vocabulary(graph):
    assert graph.value(catalogue(graph), DCTERMS.issued) is not None
    themes = "http://publications.europa.eu/resource/authority/data-theme"
    assert str(graph.value(catalogue(graph), DCAT.themeTaxonomy)) == themes
    for node in [*graph.subjects(RDF.type, DCAT.Dataset), *graph.subjects(RDF.type, DCAT.DataService)]:
        assert {str(t) for t in graph.objects(node, DCAT.theme)} == {f"{themes}/GOVE", f"{themes}/REGI"}


def test_every_distribution_says_what_it_holds_and_that_its_address_is_stable(graph):
    for distribution in graph.subjects(RDF.type, DCAT.Distribution):
        assert graph.value(distribution, DCTERMS.description).language == "fr"
        assert graph.value(distribution, DCATAP.availability) is not None


def test_the_catalogue_survives_a_round_trip_through_turtle_and_rdf_xml_as_harvesters_store_it(graph):
    for serialisation in ("turtle", "xml"):
        assert isomorphic(Graph().parse(data=graph.serialize(format=serialisation), format=serialisation), graph)
