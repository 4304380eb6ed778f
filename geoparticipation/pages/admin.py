from django.contrib import admin

from .models import Page


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    """The site's own pages: their text is edited, never added or deleted (the footer links each one)."""

    list_display = ("title", "slug", "updated_at")
    fields = ("title", "slug", "body", "updated_at")
    readonly_fields = ("slug", "updated_at")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
