from django.urls import path

from . import views

app_name = "attachments"

urlpatterns = [
    path("propositions/<int:pk>/", views.proposal_file, name="proposal_file"),
    path("propositions/<int:pk>/vignette/", views.proposal_file, {"thumbnail": True}, name="proposal_thumbnail"),
]
