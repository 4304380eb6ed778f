"""The journal of moderation in the back-office: read per concertation, never written, changed or deleted here."""

from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

from geoparticipation.participation.models import Annotation, Comment, Meeting, Proposal

from .models import ModerationAction

MODERATED = (Proposal, Annotation, Meeting, Comment)


@admin.register(ModerationAction)
class ModerationActionAdmin(admin.ModelAdmin):
    list_display = ("at", "officer_pseudonym", "action", "target_link", "process", "category", "state", "reason_start")
    list_filter = ("process", "action")
    list_select_related = ("content_type", "process")
    # Newest first, on the (process, at, id) index; no count of the whole journal under a filter.
    ordering = ("-at", "-id")
    show_full_result_count = False
    fields = (
        "at",
        "officer_pseudonym",
        "action",
        "target_link",
        "process",
        "category",
        "state",
        "reason",
    )
    readonly_fields = fields

    def has_view_permission(self, request, obj=None):
        """Whoever may moderate reads the journal, without a permission of its own to grant."""
        return super().has_view_permission(request, obj) or any(
            request.user.has_perm(f"participation.change_{model._meta.model_name}") for model in MODERATED
        )

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Append-only, for superusers too: a journal that can be edited proves nothing.
        return False

    @admin.display(description="contenu")
    def target_link(self, obj):
        label = f"{obj.content_type.name} n° {obj.object_id}"
        try:
            url = reverse(f"admin:{obj.content_type.app_label}_{obj.content_type.model}_change", args=[obj.object_id])
        except NoReverseMatch:
            return label
        return format_html('<a href="{}">{}</a>', url, label)

    @admin.display(description="motif ou réponse")
    def reason_start(self, obj):
        return obj.reason if len(obj.reason) <= 80 else obj.reason[:79] + "…"
