import json

from django.http import HttpResponse
from rest_framework_gis.pagination import GeoJsonPagination

from layers.rendering import GEOJSON


def feature_collection(features, **members):
    """A FeatureCollection response around features PostGIS wrote as GeoJSON text: joined, not parsed again."""
    header = json.dumps({"type": "FeatureCollection", **members})[:-1]
    return HttpResponse(f'{header}, "features": [{",".join(features)}]}}'.encode(), content_type=GEOJSON)


class FeaturePagination(GeoJsonPagination):
    """A GeoJSON FeatureCollection per page, with count and next/previous links."""

    page_size = 100
    max_page_size = 1000

    def get_paginated_response(self, features):
        return feature_collection(
            features,
            count=self.page.paginator.count,
            next=self.get_next_link(),
            previous=self.get_previous_link(),
        )
