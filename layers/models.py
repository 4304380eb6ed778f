"""Read-only models over the layer views (sql/post_30_views.sql): what every feed publishes, column by column."""

from django.conf import settings
from django.contrib.gis.db import models


class LayerModel(models.Model):
    class Meta:
        abstract = True
        managed = False


class ProposalFeature(LayerModel):
    id = models.BigIntegerField(primary_key=True)
    process = models.CharField(max_length=50)
    title = models.CharField(max_length=150)
    body = models.TextField()
    theme = models.CharField(max_length=50, null=True)
    theme_name = models.CharField(max_length=100, null=True)
    state = models.CharField(max_length=12)
    answer = models.TextField()
    supports_count = models.IntegerField()
    comments_count = models.IntegerField()
    author = models.CharField(max_length=40)
    commune_insee = models.CharField(max_length=5, null=True)
    commune_nom = models.CharField(max_length=100, null=True)
    published_at = models.DateTimeField()
    url = models.CharField(max_length=200)
    geom = models.PointField(srid=settings.STORAGE_SRID)

    class Meta(LayerModel.Meta):
        db_table = "layer_proposals"


class MeetingFeature(LayerModel):
    id = models.BigIntegerField(primary_key=True)
    process = models.CharField(max_length=50)
    title = models.CharField(max_length=200)
    description = models.TextField()
    start_time = models.DateTimeField()
    end_time = models.DateTimeField()
    address = models.CharField(max_length=300)
    registration_url = models.CharField(max_length=200)
    online_url = models.CharField(max_length=200)
    commune_insee = models.CharField(max_length=5, null=True)
    commune_nom = models.CharField(max_length=100, null=True)
    url = models.CharField(max_length=200)
    geom = models.PointField(srid=settings.STORAGE_SRID)

    class Meta(LayerModel.Meta):
        db_table = "layer_meetings"


class AnnotationColumns(LayerModel):
    id = models.BigIntegerField(primary_key=True)
    process = models.CharField(max_length=50)
    kind = models.CharField(max_length=10)
    comment = models.TextField()
    author = models.CharField(max_length=40)
    commune_insee = models.CharField(max_length=5, null=True)
    commune_nom = models.CharField(max_length=100, null=True)
    published_at = models.DateTimeField()

    class Meta(LayerModel.Meta):
        abstract = True


class AnnotationFeature(AnnotationColumns):
    geom = models.GeometryField(srid=settings.STORAGE_SRID)

    class Meta(LayerModel.Meta):
        db_table = "layer_annotations"


class AnnotationPointFeature(AnnotationColumns):
    geom = models.PointField(srid=settings.STORAGE_SRID)

    class Meta(LayerModel.Meta):
        db_table = "layer_annotations_points"


class AnnotationLineFeature(AnnotationColumns):
    geom = models.LineStringField(srid=settings.STORAGE_SRID)

    class Meta(LayerModel.Meta):
        db_table = "layer_annotations_lines"


class AnnotationPolygonFeature(AnnotationColumns):
    geom = models.PolygonField(srid=settings.STORAGE_SRID)

    class Meta(LayerModel.Meta):
        db_table = "layer_annotations_polygons"


class CommuneFeature(LayerModel):
    insee = models.CharField(max_length=5, primary_key=True)
    nom = models.CharField(max_length=100)
    population = models.IntegerField()
    proposals_count = models.IntegerField()
    meetings_count = models.IntegerField()
    annotations_count = models.IntegerField()
    contributions_count = models.IntegerField()
    contributions_per_1000 = models.FloatField()
    geom = models.MultiPolygonField(srid=settings.STORAGE_SRID)

    class Meta(LayerModel.Meta):
        db_table = "layer_communes"


class SurveyAnswerFeature(LayerModel):
    # "<question id>-<INSEE code>": one row per map question and commune.
    id = models.CharField(max_length=30, primary_key=True)
    process = models.CharField(max_length=50)
    survey = models.CharField(max_length=50)
    question = models.BigIntegerField()
    prompt = models.CharField(max_length=300)
    commune_insee = models.CharField(max_length=5)
    commune_nom = models.CharField(max_length=100)
    answers = models.IntegerField(null=True)
    suppressed = models.BooleanField()
    geom = models.MultiPolygonField(srid=settings.STORAGE_SRID)

    class Meta(LayerModel.Meta):
        db_table = "layer_survey_answers"


class DebateFeature(LayerModel):
    id = models.BigIntegerField(primary_key=True)
    process = models.CharField(max_length=50)
    title = models.CharField(max_length=200)
    description = models.TextField()
    state = models.CharField(max_length=6)
    conclusion = models.TextField()
    arguments_for = models.IntegerField()
    arguments_against = models.IntegerField()
    arguments_nuance = models.IntegerField()
    commune_insee = models.CharField(max_length=5, null=True)
    commune_nom = models.CharField(max_length=100, null=True)
    published_at = models.DateTimeField()
    url = models.CharField(max_length=200)
    geom = models.PointField(srid=settings.STORAGE_SRID)

    class Meta(LayerModel.Meta):
        db_table = "layer_debates"


class DebateArgumentFeature(LayerModel):
    id = models.BigIntegerField(primary_key=True)
    process = models.CharField(max_length=50)
    debate = models.BigIntegerField()
    debate_title = models.CharField(max_length=200)
    stance = models.CharField(max_length=7)
    body = models.TextField()
    supports_count = models.IntegerField()
    author = models.CharField(max_length=40)
    commune_insee = models.CharField(max_length=5, null=True)
    commune_nom = models.CharField(max_length=100, null=True)
    published_at = models.DateTimeField()
    url = models.CharField(max_length=200)
    geom = models.PointField(srid=settings.STORAGE_SRID)

    class Meta(LayerModel.Meta):
        db_table = "layer_debate_arguments"
