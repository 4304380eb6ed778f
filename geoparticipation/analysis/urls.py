from django.urls import path, re_path

from . import views

app_name = "analysis"

urlpatterns = [
    path("analyse/", views.workspace, name="workspace"),
    path("analyse/croisement/", views.crosstab_view, name="crosstab"),
    path("analyse/provenance/", views.where_from_view, name="where_from"),
    re_path(r"^analyse/export\.(?P<extension>xlsx|ods)$", views.export, name="export"),
    path("analyse/campagnes/", views.flags, name="flags"),
    path("analyse/campagnes/<int:pk>/", views.flag_detail, name="flag"),
    path("analyse/etiquettes/", views.tags, name="tags"),
    path("analyse/indicateurs/", views.indicators_view, name="indicators"),
    path("concertations/<slug:slug>/bilan/", views.bilan, name="bilan"),
    path("concertations/<slug:slug>/bilan/carte/", views.bilan_map, name="bilan_map"),
    path("concertations/<slug:slug>/bilan.pdf", views.bilan_pdf, name="bilan_pdf"),
    path("concertations/<slug:slug>/bilan/reponses.csv", views.bilan_csv, name="bilan_csv"),
]
