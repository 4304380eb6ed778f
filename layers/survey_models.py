"""Read-only model over the survey answers view (sql/40_survey_answers.sql)."""

from django.conf import settings
from django.contrib.gis.db import models

from .models import LayerModel

__all__ = ["SurveyAnswerFeature"]


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
