import json

import pytest
from rdflib import Graph, Namespace
from rdflib.namespace import DCAT, DCTERMS, RDF

from layers import registry

# Database access for the package's committed data; each test also runs in a transaction rolled back after it.
pytestmark = pytest.mark.django_db

LICENCE = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
IANA = Namespace("https://www.iana.org/assignments/media-types/")


def catalog_graph(opendata):
    response = opendata.get("/opendata/catalog.jsonld")
    assert response["Content-Type"].startswith("application/ld+json")
    return Graph().parse(data=response.body.decode(), format="json-ld")


def test_the_dcat_catalogue_lists_every_layer_the_public_concertation_and_the_rasters(opendata):
    graph = catalog_graph(opendata)
    identifiers = {
        str(graph.value(d, DCTERMS.identifier)).rpartition("#")[2] for d in graph.subjects(RDF.type, DCAT.Dataset)
    }
    expected = {layer.id for layer in registry.all_layers()} | {"concertation-plan-climat", "densite-contributions"}
    assert identifiers == expected


def test_every_dataset_has_a_licence_and_downloads_with_a_media_type(opendata):
    graph = catalog_graph(opendata)
    for dataset in graph.subjects(RDF.type, DCAT.Dataset):
        assert str(graph.value(dataset, DCTERMS.license)) == LICENCE
        assert graph.value(dataset, DCTERMS.modified) is not None
        assert "POLYGON((" in str(graph.value(graph.value(dataset, DCTERMS.spatial), DCAT.bbox))
        downloads = [
            d
            for d in graph.objects(dataset, DCAT.distribution)
            if graph.value(d, DCAT.downloadURL) and graph.value(d, DCAT.mediaType)
        ]
        assert downloads, dataset
        for distribution in downloads:
            assert str(graph.value(distribution, DCAT.downloadURL)).startswith("http://testserver/opendata/")
            assert str(graph.value(distribution, DCAT.mediaType)).startswith(str(IANA))
            assert str(graph.value(distribution, DCTERMS.license)) == LICENCE


def test_the_proposals_are_offered_in_every_format_and_both_projections(opendata):
    document = json.loads(opendata.get("/opendata/catalog.jsonld").body)
    proposals = next(d for d in document["dcat:dataset"] if d["@id"].endswith("#proposals"))
    urls = {d["dcat:downloadURL"]["@id"] for d in proposals["dcat:distribution"] if "dcat:downloadURL" in d}
    for extension in ("geojson", "gpkg", "csv", "fgb", "shp.zip"):
        assert f"http://testserver/opendata/proposals.{extension}" in urls
        assert f"http://testserver/opendata/proposals.{extension}?crs=2154" in urls


def test_the_catalogue_page_documents_each_dataset_its_columns_licence_attribution_and_date(opendata):
    response = opendata.get("/opendata/")
    assert response.status_code == 200
    page = response.body.decode()
    for layer in registry.all_layers():
        assert f'id="{layer.id}"' in page
        for column in layer.columns:
            assert f"<code>{column}</code>" in page
    assert "Licence Ouverte / Etalab 2.0" in page
    assert "© Métropole Européenne de Lille (IGN BD TOPO), INSEE" in page
    assert "Dernière mise à jour des données" in page
    assert "Période couverte : du " in page
    assert "/opendata/proposals.shp.zip?crs=2154" in page
    assert "/opendata/proposals.csv?process=plan-climat" in page
    assert "/opendata/rasters/density-plan-climat.png" in page


def test_the_private_concertation_appears_nowhere_in_the_catalogue(opendata):
    for url in ("/opendata/", "/opendata/catalog.jsonld"):
        body = opendata.get(url).body.decode()
        assert "Concertation prive" not in body and "process=prive" not in body
