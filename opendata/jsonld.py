"""The catalogue as DCAT-AP in JSON-LD, the vocabulary data.gouv.fr (udata) and CKAN (ckanext-dcat) harvest."""

import json

from django.urls import reverse

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
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcatap": "http://data.europa.eu/r5r/",
}
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
# No IRI in IANA's registry to point at: the distribution then states its format only.
UNREGISTERED_MEDIA_TYPES = {"application/flatgeobuf"}
# data.gouv.fr (udata) reads a geometry only in this datatype or in OGC's http://www.opengis.net/rdf#wktLiteral.
GEOJSON_DATATYPE = IANA_MEDIA_TYPES + "application/vnd.geo+json"
FRENCH = "http://publications.europa.eu/resource/authority/language/FRA"
CONTINUOUS = "http://publications.europa.eu/resource/authority/frequency/UPDATE_CONT"
DATA_THEME = "http://publications.europa.eu/resource/authority/data-theme"
# The addresses of the downloads do not change: « stable » in the EU planned-availability vocabulary.
STABLE = "http://publications.europa.eu/resource/authority/planned-availability/STABLE"
LOCAL_AUTHORITY = "http://purl.org/adms/publishertype/LocalAuthority"
ATTRIBUTION = "http://purl.org/adms/licencetype/Attribution"
# The concepts named, with their labels in their vocabularies (DCAT-AP asks every skos:Concept for one).
CONCEPTS = {
    f"{DATA_THEME}/GOVE": "Government and public sector",
    f"{DATA_THEME}/REGI": "Regions and cities",
    STABLE: "stable",
    LOCAL_AUTHORITY: "Local Authority",
    ATTRIBUTION: "Attribution",
}
EPSG = "http://www.opengis.net/def/crs/EPSG/0/"


def _text(value):
    return {"@value": value, "@language": "fr"}


def _datetime(value):
    return {"@value": value.isoformat(), "@type": "xsd:dateTime"}


def _iri(value, kind=None):
    """A resource, with its class when DCAT-AP's range shapes ask for one: they are then checked without fetching
    the vocabularies."""
    return {"@id": value, "@type": kind} if kind else {"@id": value}


def _concept(iri):
    return {"@id": iri, "@type": "skos:Concept", "skos:prefLabel": {"@value": CONCEPTS[iri], "@language": "en"}}


def _themes(themes):
    return [_concept(f"{DATA_THEME}/{theme}") for theme in themes]


def _licence(url):
    return _iri(url, "dct:LicenseDocument")


def _period(period):
    first, last = period
    return {"@type": "dct:PeriodOfTime", "dcat:startDate": _datetime(first), "dcat:endDate": _datetime(last)}


def _location(bbox):
    west, south, east, north = bbox
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    wkt = "POLYGON((" + ", ".join(f"{x} {y}" for x, y in ring) + "))"
    centre = f"POINT({round((west + east) / 2, 5)} {round((south + north) / 2, 5)})"
    return {
        "@type": "dct:Location",
        "dcat:bbox": {"@value": wkt, "@type": "gsp:wktLiteral"},
        "dcat:centroid": {"@value": centre, "@type": "gsp:wktLiteral"},
        "locn:geometry": {
            "@value": json.dumps({"type": "Polygon", "coordinates": [ring]}),
            "@type": GEOJSON_DATATYPE,
        },
    }


def _service(service, *, absolute, anchor, served, licence, publisher, contact):
    return {
        "@id": anchor,
        "@type": "dcat:DataService",
        "dct:title": _text(service.title),
        "dct:description": _text(service.description),
        "dcat:keyword": [_text(keyword) for keyword in service.keywords],
        "dcat:theme": _themes(service.themes),
        "dcat:endpointURL": _iri(absolute(reverse(service.endpoint))),
        "dcat:endpointDescription": _iri(absolute(reverse(service.described_by)) + service.described_by_query),
        "dct:conformsTo": _iri(service.standard, "dct:Standard"),
        "dcat:servesDataset": [_iri(dataset) for dataset in served],
        "dct:license": _licence(licence),
        "dct:publisher": _iri(publisher),
        "dcat:contactPoint": contact,
    }


def _distribution(distribution, *, absolute, anchor, licence, modified, services):
    url = absolute(distribution.path)
    node = {
        "@id": anchor,
        "@type": "dcat:Distribution",
        "dct:title": _text(distribution.title),
        "dct:description": _text(distribution.description),
        "dcat:accessURL": _iri(url),
        "dct:format": _iri(distribution.format_uri, "dct:MediaTypeOrExtent"),
        "dct:license": _licence(licence),
        "dct:modified": _datetime(modified),
        "dcatap:availability": _concept(STABLE),
    }
    if distribution.media_type not in UNREGISTERED_MEDIA_TYPES:
        node["dcat:mediaType"] = _iri(IANA_MEDIA_TYPES + distribution.media_type, "dct:MediaType")
    if not distribution.access_only:
        node["dcat:downloadURL"] = _iri(url)
    if distribution.srid:
        node["dct:conformsTo"] = {
            "@id": f"{EPSG}{distribution.srid}",
            "@type": "dct:Standard",
            "rdfs:label": CRS_LABELS[distribution.srid],
        }
    if distribution.service:
        node["dcat:accessService"] = _iri(services[distribution.service])
    return node


def document(context, absolute):
    """The JSON-LD document; `absolute` turns a site path into an absolute URL."""
    home = absolute("/opendata/")
    licence = context["licence_url"]
    modified = context["modified"]
    issued = {"@value": context["issued"].isoformat(), "@type": "xsd:date"} if context["issued"] else None
    publisher = {
        "@id": absolute("/") + "#mel",
        "@type": ["foaf:Organization", "foaf:Agent"],
        "foaf:name": context["publisher"],
        "dct:type": _concept(LOCAL_AUTHORITY),
    }
    contact = {
        "@type": ["vcard:Organization", "vcard:Kind"],
        "vcard:fn": context["publisher"],
        "vcard:hasURL": _iri(absolute("/")),
    }
    services = {key: f"{home}#service-{key}" for key in context["services"]}
    served = {key: [] for key in context["services"]}
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
            "dcat:theme": _themes(dataset.themes),
            "dct:publisher": _iri(publisher["@id"]),
            "dcat:contactPoint": contact,
            "dct:license": _licence(licence),
            "dct:rights": {"@type": "dct:RightsStatement", "rdfs:label": _text(dataset.attribution)},
            "dct:language": _iri(FRENCH, "dct:LinguisticSystem"),
            "dct:accrualPeriodicity": _iri(CONTINUOUS, "dct:Frequency"),
            "dct:modified": _datetime(modified),
            "dct:spatial": _location(context["bbox"]),
            "dcat:landingPage": _iri(anchor, "foaf:Document"),
            "dcat:distribution": [
                _distribution(
                    d, absolute=absolute, anchor=f"{anchor}/{n}", licence=licence, modified=modified, services=services
                )
                for n, d in enumerate(dataset.distributions, start=1)
            ],
        }
        if dataset.period:
            node["dct:temporal"] = _period(dataset.period)
        if issued:
            node["dct:issued"] = issued
        for key in {d.service for d in dataset.distributions if d.service}:
            served[key].append(anchor)
        datasets.append(node)
    catalogue = {
        "@context": CONTEXT,
        "@id": home,
        "@type": "dcat:Catalog",
        "dct:title": _text("Données ouvertes de la participation citoyenne — Métropole Européenne de Lille"),
        "dct:description": _text(
            "Contributions publiques (propositions, annotations), réunions et indicateurs par commune des "
            "concertations de la Métropole Européenne de Lille, et cartes de densité des contributions."
        ),
        "dct:publisher": publisher,
        "dct:language": _iri(FRENCH, "dct:LinguisticSystem"),
        # Its type once: the graph holds it for each of the 150-odd places that name the licence.
        "dct:license": {**_licence(licence), "dct:type": _concept(ATTRIBUTION)},
        "dct:modified": _datetime(modified),
        "dct:spatial": _location(context["bbox"]),
        "foaf:homepage": _iri(home, "foaf:Document"),
        "dcat:themeTaxonomy": {
            "@id": DATA_THEME,
            "@type": "skos:ConceptScheme",
            "dct:title": {"@value": "Data theme", "@language": "en"},
        },
        "dcat:dataset": datasets,
        "dcat:service": [
            _service(
                service,
                absolute=absolute,
                anchor=services[key],
                served=served[key],
                licence=licence,
                publisher=publisher["@id"],
                contact=contact,
            )
            for key, service in context["services"].items()
        ],
    }
    if issued:
        catalogue["dct:issued"] = issued
    return catalogue
