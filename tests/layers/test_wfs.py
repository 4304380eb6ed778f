"""WFS 2.0 at /wfs through Django's test client: operations, formats, filters, paging, axis order, caching."""

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.contrib.gis.geos import Polygon

from geoparticipation.participation import services
from geoparticipation.participation.models import Proposal
from layers.models import ProposalFeature
from layers.registry import all_layers
from layers.wfs import ParticipationWFSView

from ..factories import GRAND_PLACE_LILLE, point

NS = {
    "wfs": "http://www.opengis.net/wfs/2.0",
    "gml": "http://www.opengis.net/gml/3.2",
    "ows": "http://www.opengis.net/ows/1.1",
    "xs": "http://www.w3.org/2001/XMLSchema",
    "gp": "https://geoparticipation.lillemetropole.fr/wfs",
}
FES = 'xmlns:fes="http://www.opengis.net/fes/2.0" xmlns:gml="http://www.opengis.net/gml/3.2"'
GML = "application/gml+xml; version=3.2"
FORMATS = (GML, "geojson", "csv")
PROPOSAL_COLUMNS = [field.name for field in ProposalFeature._meta.get_fields()]
GET_FEATURE_BY_ID = "urn:ogc:def:query:OGC-WFS::GetFeatureById"


def wfs(client, **params):
    response = client.get("/wfs", {"SERVICE": "WFS", "VERSION": "2.0.0", **params})
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return response, content.decode()


def get_feature(client, type_name, **params):
    return wfs(client, REQUEST="GetFeature", TYPENAMES=type_name, **params)


def feature_ids(text, output_format):
    """The `id` property of every feature, whatever the format."""
    if output_format == "geojson":
        return [feature["properties"]["id"] for feature in json.loads(text)["features"]]
    if output_format == "csv":
        return [int(row["id"]) for row in csv.DictReader(io.StringIO(text))]
    return [int(element.text) for element in ET.fromstring(text).iterfind("wfs:member/*/gp:id", NS)]


def public_proposal_ids():
    return sorted(Proposal.objects.public().values_list("pk", flat=True))


def box(xmin, ymin, xmax, ymax, srid=4326):
    polygon = Polygon.from_bbox((xmin, ymin, xmax, ymax))
    polygon.srid = srid
    return polygon


def test_capabilities_name_the_metropolis_and_describe_every_layer(db, client):
    response, text = wfs(client, REQUEST="GetCapabilities")

    assert response.status_code == 200
    capabilities = ET.fromstring(text)
    provider = capabilities.findtext("ows:ServiceProvider/ows:ProviderName", namespaces=NS)
    assert provider == "Métropole Européenne de Lille"
    feature_types = list(capabilities.iterfind(".//wfs:FeatureType", NS))
    assert {element.findtext("wfs:Name", namespaces=NS) for element in feature_types} == {
        f"gp:{layer.id}" for layer in all_layers()
    }
    for element in feature_types:
        assert element.findtext("wfs:Title", namespaces=NS)
        assert element.findtext("wfs:Abstract", namespaces=NS)
    operations = {element.get("name") for element in capabilities.iterfind(".//ows:Operation", NS)}
    assert {"GetCapabilities", "DescribeFeatureType", "GetFeature", "ListStoredQueries"} <= operations
    assert "DescribeStoredQueries" in operations


def test_describe_feature_type_lists_exactly_the_published_columns(db, client):
    response, text = wfs(client, REQUEST="DescribeFeatureType", TYPENAMES="proposals")

    assert response.status_code == 200
    elements = ET.fromstring(text).iterfind(".//xs:sequence/xs:element", NS)
    assert [element.get("name") for element in elements] == PROPOSAL_COLUMNS


def column_documentation(text):
    elements = ET.fromstring(text).iterfind(".//xs:sequence/xs:element", NS)
    return {e.get("name"): e.findtext("xs:annotation/xs:documentation", namespaces=NS) for e in elements}


@pytest.mark.parametrize("layer", all_layers(), ids=lambda layer: layer.id)
def test_describe_feature_type_documents_each_column_with_its_declared_description(db, client, layer):
    response, text = wfs(client, REQUEST="DescribeFeatureType", TYPENAMES=layer.id)

    assert response.status_code == 200
    assert column_documentation(text) == {**layer.columns, "geom": None}


def test_the_description_of_the_supports_count_reaches_describe_feature_type(db, client):
    _, text = wfs(client, REQUEST="DescribeFeatureType", TYPENAMES="proposals")

    assert column_documentation(text)["supports_count"] == "Nombre de soutiens"
    assert '<element name="supports_count" type="integer" minOccurs="0"><annotation>' in text


def test_a_description_with_markup_characters_is_escaped_in_the_schema(db, client, monkeypatch):
    feature_type = next(f for f in ParticipationWFSView.feature_types if f.name == "proposals")
    title = next(f for f in feature_type.fields if f.name == "title")
    monkeypatch.setattr(title, "abstract", "Titre <court> & « clair »")

    _, text = wfs(client, REQUEST="DescribeFeatureType", TYPENAMES="proposals")

    assert "Titre &lt;court&gt; &amp; « clair »" in text
    assert column_documentation(text)["title"] == "Titre <court> & « clair »"


def test_stored_queries_offer_get_feature_by_id(db, client):
    _, listed = wfs(client, REQUEST="ListStoredQueries")
    response, described = wfs(client, REQUEST="DescribeStoredQueries", STOREDQUERY_ID=GET_FEATURE_BY_ID)

    assert GET_FEATURE_BY_ID in listed
    assert response.status_code == 200
    assert GET_FEATURE_BY_ID in described


@pytest.mark.parametrize("output_format", FORMATS)
def test_get_feature_by_id_returns_one_public_proposal(published, client, output_format):
    proposal = published.public_proposals[3]
    response, text = wfs(
        client,
        REQUEST="GetFeature",
        STOREDQUERY_ID=GET_FEATURE_BY_ID,
        ID=f"proposals.{proposal.pk}",
        OUTPUTFORMAT=output_format,
    )

    assert response.status_code == 200
    assert proposal.title in text


@pytest.mark.parametrize("output_format", FORMATS)
def test_each_output_format_returns_every_public_proposal_in_id_order(published, client, output_format):
    response, text = get_feature(client, "proposals", OUTPUTFORMAT=output_format)

    assert response.status_code == 200
    assert feature_ids(text, output_format) == public_proposal_ids()


def test_geojson_features_carry_only_the_published_columns(published, client):
    _, text = get_feature(client, "proposals", OUTPUTFORMAT="geojson", COUNT=1)

    feature = json.loads(text)["features"][0]
    assert [*feature["properties"], "geom"] == PROPOSAL_COLUMNS
    assert "geometry_name" not in feature


FILTERS = {
    "PropertyIsEqualTo": (
        "<fes:PropertyIsEqualTo><fes:ValueReference>commune_nom</fes:ValueReference>"
        "<fes:Literal>Lille</fes:Literal></fes:PropertyIsEqualTo>",
        lambda public: public.filter(commune__nom="Lille"),
    ),
    "PropertyIsLike": (
        '<fes:PropertyIsLike wildCard="*" singleChar="." escapeChar="!"><fes:ValueReference>title'
        "</fes:ValueReference><fes:Literal>Proposition 1*</fes:Literal></fes:PropertyIsLike>",
        lambda public: public.filter(title__startswith="Proposition 1"),
    ),
    "PropertyIsBetween": (
        "<fes:PropertyIsBetween><fes:ValueReference>published_at</fes:ValueReference>"
        "<fes:LowerBoundary><fes:Literal>{low}</fes:Literal></fes:LowerBoundary>"
        "<fes:UpperBoundary><fes:Literal>{high}</fes:Literal></fes:UpperBoundary></fes:PropertyIsBetween>",
        lambda public: public.filter(pk__in=public.order_by("pk").values_list("pk", flat=True)[5:13]),
    ),
    "BBOX": (
        '<fes:BBOX><fes:ValueReference>geom</fes:ValueReference><gml:Envelope srsName="urn:ogc:def:crs:EPSG::4326">'
        "<gml:lowerCorner>50.60 3.00</gml:lowerCorner><gml:upperCorner>50.65 3.10</gml:upperCorner>"
        "</gml:Envelope></fes:BBOX>",
        lambda public: public.filter(geom__intersects=box(3.00, 50.60, 3.10, 50.65)),
    ),
    "BBOX without srsName, in the layer's CRS, as GDAL sends it": (
        "<fes:BBOX><fes:ValueReference>geom</fes:ValueReference><gml:Envelope>"
        "<gml:lowerCorner>700000 7055000</gml:lowerCorner><gml:upperCorner>712000 7068000</gml:upperCorner>"
        "</gml:Envelope></fes:BBOX>",
        lambda public: public.filter(geom__intersects=box(700000, 7055000, 712000, 7068000, srid=2154)),
    ),
    "Intersects": (
        "<fes:Intersects><fes:ValueReference>geom</fes:ValueReference>"
        '<gml:Polygon gml:id="zone" srsName="urn:ogc:def:crs:EPSG::2154"><gml:exterior><gml:LinearRing>'
        "<gml:posList>700000 7055000 712000 7055000 712000 7068000 700000 7068000 700000 7055000</gml:posList>"
        "</gml:LinearRing></gml:exterior></gml:Polygon></fes:Intersects>",
        lambda public: public.filter(geom__intersects=box(700000, 7055000, 712000, 7068000, srid=2154)),
    ),
}


@pytest.mark.parametrize("operator", FILTERS)
def test_fes_filters_select_the_same_proposals_as_the_database(published, client, operator):
    predicate, expected = FILTERS[operator]
    public = Proposal.objects.public()
    window = list(public.order_by("pk").values_list("published_at", flat=True)[5:13])
    predicate = predicate.format(low=window[0].isoformat(), high=window[-1].isoformat())

    response, text = get_feature(
        client, "proposals", OUTPUTFORMAT="geojson", FILTER=f"<fes:Filter {FES}>{predicate}</fes:Filter>"
    )

    assert response.status_code == 200, text
    ids = feature_ids(text, "geojson")
    assert ids
    assert ids == sorted(expected(public).values_list("pk", flat=True))


def test_hits_count_every_public_proposal_without_returning_any(published, client):
    response, text = get_feature(client, "proposals", RESULTTYPE="hits")

    collection = ET.fromstring(text)
    assert response.status_code == 200
    assert int(collection.get("numberMatched")) == Proposal.objects.public().count() == 30
    assert collection.get("numberReturned") == "0"


@pytest.mark.parametrize("output_format", [GML, "geojson"])
def test_walking_the_next_links_returns_every_proposal_exactly_once(published, client, output_format):
    seen, pages = [], 0
    response, text = get_feature(client, "proposals", COUNT=7, OUTPUTFORMAT=output_format)
    while True:
        assert response.status_code == 200
        pages += 1
        seen += feature_ids(text, output_format)
        if output_format == GML:
            collection = ET.fromstring(text)
            links = {"next": collection.get("next"), "previous": collection.get("previous")}
        else:
            links = {link["rel"]: link["href"] for link in json.loads(text).get("links", [])}
        assert (links.get("previous") is not None) == (pages > 1)
        if not links.get("next"):
            break
        response = client.get(links["next"])
        text = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()

    assert pages == 5
    assert seen == public_proposal_ids()


@pytest.mark.parametrize(
    ("srs_name", "expected"),
    [
        ("EPSG:4326", GRAND_PLACE_LILLE),
        ("urn:ogc:def:crs:EPSG::4326", tuple(reversed(GRAND_PLACE_LILLE))),
        ("http://www.opengis.net/def/crs/EPSG/0/4326", tuple(reversed(GRAND_PLACE_LILLE))),
        ("urn:ogc:def:crs:OGC:1.3:CRS84", GRAND_PLACE_LILLE),
    ],
)
def test_gml_axis_order_follows_the_spelling_of_wgs84(published, client, srs_name, expected):
    grand_place = published.public_proposals[0]
    response, text = wfs(client, REQUEST="GetFeature", RESOURCEID=f"proposals.{grand_place.pk}", SRSNAME=srs_name)

    assert response.status_code == 200, text
    first, second = map(float, ET.fromstring(text).find(".//gml:pos", NS).text.split())
    assert (first, second) == pytest.approx(expected, abs=1e-6)


@pytest.mark.parametrize("srid", [2154, 3857])
def test_projected_outputs_are_in_the_requested_crs(published, client, srid):
    grand_place = published.public_proposals[0]
    expected = point(*GRAND_PLACE_LILLE).transform(srid, clone=True)
    _, text = wfs(
        client,
        REQUEST="GetFeature",
        RESOURCEID=f"proposals.{grand_place.pk}",
        SRSNAME=f"EPSG:{srid}",
        OUTPUTFORMAT="geojson",
    )

    collection = json.loads(text)
    assert collection["crs"]["properties"]["name"] == f"urn:ogc:def:crs:EPSG::{srid}"
    assert collection["features"][0]["geometry"]["coordinates"] == pytest.approx(expected.coords, abs=0.01)


def test_a_client_polling_gets_a_304_until_a_new_proposal_changes_the_etag(published, client):
    params = {"REQUEST": "GetFeature", "TYPENAMES": "proposals", "OUTPUTFORMAT": "geojson"}
    first, _ = wfs(client, **params)
    etag = first.headers["ETag"]
    assert first.headers["Last-Modified"]

    unchanged = client.get("/wfs", {"SERVICE": "WFS", "VERSION": "2.0.0", **params}, HTTP_IF_NONE_MATCH=etag)
    assert unchanged.status_code == 304

    author = published.public_proposals[0].author
    process = published.public_proposals[0].process
    services.proposal_create(author=author, process=process, title="Nouvelle", body="Texte", geometry=point(3.1, 50.65))
    changed = client.get("/wfs", {"SERVICE": "WFS", "VERSION": "2.0.0", **params}, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag


def test_gml_escapes_text_and_spells_datetimes_as_postgresql_xmlelement_does(published, client):
    """The members are written by string functions, faster than xmlelement(): the bytes must not differ."""
    from django.db import connection

    title = 'Piste <vélo> & "bus"\r\nà l\'essai'
    proposal = services.proposal_create(
        author=published.public_proposals[0].author,
        process=published.public_proposals[0].process,
        title=title,
        body="Texte",
        geometry=point(*GRAND_PLACE_LILLE),
    )
    _, text = get_feature(client, "proposals", COUNT=1000)
    with connection.cursor() as cursor:
        cursor.execute(
            'SELECT xmlelement(name "gp:title", title)::text, xmlelement(name "gp:published_at", published_at)::text'
            " FROM layer_proposals WHERE id = %s",
            [proposal.pk],
        )
        title_element, published_element = cursor.fetchone()
    assert title_element in text and "&lt;vélo&gt; &amp;" in title_element and "&#x0d;" in title_element
    assert published_element in text and "T" in published_element
    member = next(
        m
        for m in ET.fromstring(text).iterfind("wfs:member/gp:proposals", NS)
        if m.find("gp:id", NS).text == str(proposal.pk)
    )
    assert member.find("gp:title", NS).text == title


@pytest.mark.parametrize(("count", "start"), [(7, 0), (7, 28), (10, 20), (30, 0), (100, 0)])
def test_gml_pages_state_how_many_members_they_hold_and_whether_more_follow(published, client, count, start):
    """The members are streamed after counting the page: the header must still match them (30 public proposals)."""
    response, text = get_feature(client, "proposals", COUNT=count, STARTINDEX=start)
    collection = ET.fromstring(text)
    members = collection.findall("wfs:member", NS)
    assert response.status_code == 200
    assert int(collection.get("numberReturned")) == len(members) == min(count, max(0, 30 - start))
    assert (collection.get("next") is not None) == (start + count < 30)
    assert feature_ids(text, GML) == public_proposal_ids()[start : start + count]


@pytest.mark.parametrize("output_format", [GML, "geojson"])
def test_a_page_with_no_feature_is_an_empty_collection(published, client, output_format):
    response, text = get_feature(
        client, "proposals", OUTPUTFORMAT=output_format, BBOX="600000,6900000,600100,6900100,urn:ogc:def:crs:EPSG::2154"
    )
    assert response.status_code == 200
    assert feature_ids(text, output_format) == []
