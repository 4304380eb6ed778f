"""The 95 communes, as loaded from the official reference by `load_communes`."""

from django.contrib import admin
from leaflet.admin import LeafletGeoAdmin

from .models import Commune


@admin.register(Commune)
class CommuneAdmin(LeafletGeoAdmin):
    """Boundaries and codes come from the reference and are only shown; the population is updated each year."""

    list_display = ("nom", "insee", "population")
    search_fields = ("nom", "insee")
    fields = ("nom", "insee", "population", "geom")
    readonly_fields = ("nom", "insee")
    modifiable = False

    def get_queryset(self, request):
        # A boundary weighs up to megabytes: the list does without, the change page loads its own.
        return super().get_queryset(request).defer("geom")

    def formfield_for_dbfield(self, db_field, request=None, **kwargs):
        if db_field.name == "geom":
            kwargs.update(disabled=True, label="Limite communale")
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
