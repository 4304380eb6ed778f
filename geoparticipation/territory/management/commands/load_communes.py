import json

from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon
from django.core.management.base import BaseCommand
from django.db import transaction

from geoparticipation.territory import services
from geoparticipation.territory.models import Commune

FIXTURE = settings.BASE_DIR / "fixtures" / "communes.geojson"


class Command(BaseCommand):
    help = (
        "Loads (or updates) the 95 communes of the metropolis from fixtures/communes.geojson, and simplifies their "
        "outlines for the web maps."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(FIXTURE), help="a GeoJSON FeatureCollection in EPSG:4326")

    @transaction.atomic
    def handle(self, *args, file, **options):
        with open(file, encoding="utf-8") as f:
            features = json.load(f)["features"]
        created = 0
        for feature in features:
            geom = GEOSGeometry(json.dumps(feature["geometry"]), srid=4326)
            geom.transform(settings.STORAGE_SRID)
            if geom.geom_type == "Polygon":
                geom = MultiPolygon(geom, srid=geom.srid)
            props = feature["properties"]
            _, was_created = Commune.objects.update_or_create(
                insee=props["insee"],
                defaults={"nom": props["nom"], "population": props["population"], "geom": geom},
            )
            created += was_created
        services.outlines_refresh()
        self.stdout.write(f"{len(features)} communes loaded ({created} new).")
