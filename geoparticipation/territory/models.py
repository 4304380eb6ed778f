from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.gis.db.models.functions import IsValid


class Commune(models.Model):
    insee = models.CharField("code INSEE", max_length=5, unique=True)
    nom = models.CharField(max_length=100)
    population = models.PositiveIntegerField(help_text="Population municipale (INSEE)")
    geom = models.MultiPolygonField(srid=settings.STORAGE_SRID)

    class Meta:
        ordering = ["nom"]
        constraints = [models.CheckConstraint(condition=IsValid("geom"), name="commune_geom_valid")]

    def __str__(self):
        return f"{self.nom} ({self.insee})"


class Outlines(models.Model):
    """The communes' outlines for the web maps as one GeoJSON document: simplified along the shared borders, so
    that neighbours still meet, and light enough for a phone. One row, made by services.outlines() and forgotten
    by a trigger whenever the communes change (sql/post_outlines.sql)."""

    geojson = models.TextField()
    etag = models.CharField(max_length=64)
    made_at = models.DateTimeField(auto_now=True)
