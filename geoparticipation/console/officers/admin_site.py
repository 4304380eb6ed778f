"""The Django admin is the superusers' tool only: officers work in the console (/gestion/), whose rights are the
roles, not the admin's model permissions. A staff member who is not a superuser is sent to the admin's login."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class SuperuserAdminSite(admin.AdminSite):
    def has_permission(self, request):
        return super().has_permission(request) and request.user.is_superuser


class SuperuserAdminConfig(AdminConfig):
    """Installed instead of django.contrib.admin (settings.INSTALLED_APPS): admin.site is a SuperuserAdminSite."""

    default_site = "geoparticipation.console.officers.admin_site.SuperuserAdminSite"
