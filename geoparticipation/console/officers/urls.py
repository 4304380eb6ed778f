from django.urls import path

from . import views

urlpatterns = [
    path("agents/", views.officers, name="officers"),
    path("agents/<int:pk>/retirer/", views.role_revoke, name="officers_revoke"),
    path("agents/invitations/<int:pk>/annuler/", views.invitation_cancel, name="officers_invitation_cancel"),
    path("agents/invitations/<int:pk>/renvoyer/", views.invitation_resend, name="officers_invitation_resend"),
    path("concertations/<slug:slug>/membres/", views.space_members, name="space_members"),
    path("concertations/<slug:slug>/membres/confidentialite/", views.space_privacy, name="space_members_privacy"),
    path("concertations/<slug:slug>/membres/ajouter/", views.space_member_add, name="space_members_add"),
    path("concertations/<slug:slug>/membres/importer/", views.space_members_import, name="space_members_import"),
    path(
        "concertations/<slug:slug>/membres/invitations/<int:pk>/annuler/",
        views.space_invitation_cancel,
        name="space_invitation_cancel",
    ),
    path(
        "concertations/<slug:slug>/membres/invitations/<int:pk>/renvoyer/",
        views.space_invitation_resend,
        name="space_invitation_resend",
    ),
    path(
        "concertations/<slug:slug>/membres/<int:user_id>/retirer/",
        views.space_member_remove,
        name="space_member_remove",
    ),
]
