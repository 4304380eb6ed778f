from django.contrib import admin

from .models import ProposalFile


@admin.register(ProposalFile)
class ProposalFileAdmin(admin.ModelAdmin):
    """The citizens' files, for moderation: an officer may delete one (its files leave the disk), not change it."""

    list_display = ("original_name", "kind", "proposal", "size", "created_at")
    list_filter = ("kind",)
    search_fields = ("original_name", "proposal__title")
    list_select_related = ("proposal",)
    readonly_fields = ("proposal", "kind", "original_name", "alt_text", "size", "width", "height", "file", "created_at")
    fields = readonly_fields
    raw_id_fields = ("proposal",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
