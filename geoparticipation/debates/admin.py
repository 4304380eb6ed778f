"""Officers open, edit and close debates here (until the officers' console); arguments are moderated, never edited."""

from django.contrib import admin
from django.core.exceptions import ValidationError

from geoparticipation.participation.admin import MODERATION_FIELDS, ContributionAdmin, HiddenFilter, ModeratedAdmin
from geoparticipation.participation.admin_forms import ContributionAdminForm

from . import services
from .models import Argument, ArgumentSupport, Debate


class DebateAdminForm(ContributionAdminForm):
    """The place is optional; when given, it is checked as a contribution's (inside the concertation's territory)."""

    def clean(self):
        cleaned_data = super().clean()
        try:
            cleaned_data["conclusion"] = services.debate_check(
                state=cleaned_data.get("state"), conclusion=cleaned_data.get("conclusion")
            )
        except ValidationError as exc:
            self.add_error("conclusion", exc.message_dict["conclusion"])
        return cleaned_data


@admin.register(Debate)
class DebateAdmin(ContributionAdmin):
    form = DebateAdminForm
    list_display = ("title", "process", "state", "arguments_for", "arguments_against", "published_at", "is_hidden")
    list_filter = ("state", *ContributionAdmin.list_filter)
    search_fields = ("title",)
    readonly_fields = (
        "arguments_for",
        "arguments_against",
        "arguments_nuance",
        "concluded_at",
        *ContributionAdmin.readonly_fields,
    )
    fieldsets = (
        (None, {"fields": ("process", "title", "description", "geom", "published_at")}),
        ("Clôture", {"fields": ("state", "conclusion", "concluded_at")}),
        ("Arguments", {"fields": ("arguments_for", "arguments_against", "arguments_nuance")}),
        ("Participation", {"fields": ("commune", "created_at")}),
        ("Modération", {"fields": MODERATION_FIELDS}),
    )

    def save_model(self, request, obj, form, change):
        services.debate_save(debate=obj)


@admin.register(Argument)
class ArgumentAdmin(ModeratedAdmin):
    """Citizens' words are not edited in the back-office: an argument is kept as written, or hidden by moderation
    with a public category (the debate's page then says « masqué par la modération »)."""

    list_display = ("__str__", "stance", "author", "debate", "supports_count", "published_at", "is_hidden")
    list_filter = (HiddenFilter, "stance")
    list_select_related = ("author", "debate")
    search_fields = ("body",)
    show_full_result_count = False
    fields = (
        "debate",
        "parent",
        "stance",
        "author",
        "body",
        "commune",
        "supports_count",
        "published_at",
        *MODERATION_FIELDS,
    )
    readonly_fields = fields

    def has_add_permission(self, request):
        return False


@admin.register(ArgumentSupport)
class ArgumentSupportAdmin(admin.ModelAdmin):
    list_display = ("argument", "user", "created_at")
    list_select_related = ("argument", "user")
    fields = list_display
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
