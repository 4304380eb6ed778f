from django.urls import path

from . import views

urlpatterns = [
    path("reponses/", views.answers, name="answers"),
    path("reponses/modeles/", views.answer_templates, name="answer_templates"),
    path("reponses/modeles/<int:pk>/supprimer/", views.answer_template_delete, name="answer_template_delete"),
    path("propositions/<int:pk>/", views.proposal, name="proposal"),
    path("concertations/<slug:slug>/propositions/", views.space_proposals, name="space_proposals"),
    path("concertations/<slug:slug>/propositions/reponse-groupee/", views.bulk_answer, name="space_proposals_answer"),
]
