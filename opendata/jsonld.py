"""The catalogue as DCAT-AP in JSON-LD, the vocabulary data.gouv.fr (udata) and CKAN (ckanext-dcat) harvest."""

import json

from .catalog import CRS_LABELS

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "locn": "http://www.w3.org/ns/locn#",
    "gsp": "http://www.opengis.net/ont/geosparql#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
FRENCH = "http://publications.europa.eu/resource/authority/language/FRA"
CONTINUOUS = "http://publications.europa.eu/resource/authority/frequency/UPDATE_CONT"
EPSG = "http://www.opengis.net/def/crs/EPSG/0/"


def _text(value):
    return {"@value": value, "@language": "fr"}


def _datetime(value):
    return {"@value": value.isoformat(), "@type": "xsd:dateTime"}


def _iri(value):
    return {"@id": value}


def _location(bbox):
    west, south, east, north = bbox
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    wkt = "POLYGON((" + ", ".join(f"{x} {y}" for x, y in ring) + "))"
    return {
        "@type": "dct:Location",
        "dcat:bbox": {"@value": wkt, "@type": "gsp:wktLiteral"},
        "locn:geometry": {
            "@value": json.dumps({"type": "Polygon", "coordinates": [ring]}),
            "@type": "gsp:geoJSONLiteral",
        },
    }


def _distribution(distribution, *, absolute, anchor, licence, modified):
    url = absolute(distribution.path)
    node = {
        "@id": anchor,
        "@type": "dcat:Distribution",
        "dct:title": _text(distribution.title),
        "dcat:accessURL": _iri(url),
        "dcat:mediaType": _iri(IANA_MEDIA_TYPES + distribution.media_type),
        "dct:format": _iri(distribution.format_uri) if distribution.format_uri else distribution.format_label,
        "dct:license": _iri(licence),
        "dct:modified": _datetime(modified),
    }
    if not distribution.access_only:
        node["dcat:downloadURL"] = _iri(url)
    if distribution.srid:
        node["dct:conformsTo"] = {"@id": f"{EPSG}{distribution.srid}", "rdfs:label": CRS_LABELS[distribution.srid]}
    return node


def document(context, absolute):
    """The JSON-LD document; `absolute` turns a site path into an absolute URL."""
    home = absolute("/opendata/")
    licence = context["licence_url"]
    modified = context["modified"]
    publisher = {"@id": absolute("/") + "#mel", "@type": "foaf:Organization", "foaf:name": context["publisher"]}
    contact = {"@type": "vcard:Organization", "vcard:fn": context["publisher"], "vcard:hasURL": _iri(absolute("/"))}
    datasets = []
    for dataset in context["datasets"]:
        anchor = f"{home}#{dataset.identifier}"
        node = {
            "@id": anchor,
            "@type": "dcat:Dataset",
            "dct:identifier": anchor,
            "dct:title": _text(dataset.title),
            "dct:description": _text(dataset.description),
            "dcat:keyword": [_text(keyword) for keyword in dataset.keywords],
            "dct:publisher": _iri(publisher["@id"]),
            "dcat:contactPoint": contact,
            "dct:license": _iri(licence),
            "dct:rights": {"@type": "dct:RightsStatement", "rdfs:label": _text(dataset.attribution)},
            "dct:language": _iri(FRENCH),
            "dct:accrualPeriodicity": _iri(CONTINUOUS),
            "dct:modified": _datetime(modified),
            "dct:spatial": _location(context["bbox"]),
            "dcat:landingPage": _iri(anchor),
            "dcat:distribution": [
                _distribution(d, absolute=absolute, anchor=f"{anchor}/{n}", licence=licence, modified=modified)
                for n, d in enumerate(dataset.distributions, start=1)
            ],
        }
        if context["issued"]:
            node["dct:issued"] = {"@value": context["issued"].isoformat(), "@type": "xsd:date"}
        datasets.append(node)
    return {
        "@context": CONTEXT,
        "@id": home,
        "@type": "dcat:Catalog",
        "dct:title": _text("Données ouvertes de la participation citoyenne — Métropole Européenne de Lille"),
        "dct:description": _text(
            "Contributions publiques (propositions, annotations), réunions et indicateurs par commune des "
            "concertations de la Métropole Européenne de Lille, et cartes de densité des contributions."
        ),
        "dct:publisher": publisher,
        "dct:language": _iri(FRENCH),
        "dct:license": _iri(licence),
        "dct:modified": _datetime(modified),
        "dct:spatial": _location(context["bbox"]),
        "foaf:homepage": _iri(home),
        "dcat:dataset": datasets,
    }
