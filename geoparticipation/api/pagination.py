from rest_framework_gis.pagination import GeoJsonPagination


class FeaturePagination(GeoJsonPagination):
    """A GeoJSON FeatureCollection per page, with count and next/previous links."""

    page_size = 100
    max_page_size = 1000
