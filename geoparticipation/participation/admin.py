"""The back-office: officers run concertations, answer proposals and moderate contributions after publication."""

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import unquote
from django.contrib.gis.db import models
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from leaflet.admin import LeafletGeoAdminMixin

from geoparticipation.moderation.selectors import versions_of
from geoparticipation.territory.models import Commune

from . import rules, services
from .admin_forms import (
    AnnotationAdminForm,
    ContributionAdminForm,
    CorrectionForm,
    HideForm,
    MeetingAdminForm,
    ProposalAdminForm,
)
from .models import (
    Annotation,
    Comment,
    Follow,
    Meeting,
    Moderated,
    Phase,
    Process,
    Proposal,
    Report,
    Support,
    Theme,
)

admin.site.site_header = "geoparticipation — back-office"
admin.site.site_title = "geoparticipation"
admin.site.index_title = "Back-office de la participation"

MODERATION_FIELDS = ("hidden_at", "hidden_by", "hidden_category", "hidden_reason")
MODERATION_FIELDSET = ("Modération", {"fields": MODERATION_FIELDS})
AUTHORED_MODERATION_FIELDSET = ("Modération", {"fields": (*MODERATION_FIELDS, "text_versions")})


def _count(n, singular, plural):
    return f"{n} {singular if n <= 1 else plural}"


def _admin_link(content_type, object_id, label=None):
    url = reverse(f"admin:{content_type.app_label}_{content_type.model}_change", args=[object_id])
    return format_html('<a href="{}">{}</a>', url, label or f"{content_type.name} n° {object_id}")


class HiddenFilter(admin.SimpleListFilter):
    title = "masquage"
    parameter_name = "masque"

    def lookups(self, request, model_admin):
        return [("oui", "masqué"), ("non", "visible")]

    def queryset(self, request, queryset):
        if self.value() in ("oui", "non"):
            return queryset.filter(hidden_at__isnull=self.value() == "non")
        return queryset


class CommuneFilter(admin.SimpleListFilter):
    """The 95 communes by name; the default filter would load every boundary on each list."""

    title = "commune"
    parameter_name = "insee"

    def lookups(self, request, model_admin):
        return Commune.objects.values_list("insee", "nom")

    def queryset(self, request, queryset):
        return queryset.filter(commune__insee=self.value()) if self.value() else queryset


def hide_with_reason(modeladmin, request, targets):
    """Asks for a reason on an intermediate page, then hides each target through the service."""
    if not targets:
        modeladmin.message_user(request, "Les contenus sélectionnés sont déjà masqués.", messages.WARNING)
        return None
    form = HideForm(request.POST if "confirm" in request.POST else None)
    if form.is_valid():
        category, reason = form.cleaned_data["category"], form.cleaned_data["reason"]
        for target in targets:
            services.content_hide(target=target, officer=request.user, category=category, reason=reason)
            modeladmin.log_change(request, target, f"Masqué : {reason}")
        modeladmin.message_user(request, _count(len(targets), "contenu masqué.", "contenus masqués."))
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": "Masquer des contenus",
        "opts": modeladmin.opts,
        "form": form,
        "count": len(targets),
        "preview": targets[:10],
        "action": request.POST["action"],
        "selected": request.POST.getlist(ACTION_CHECKBOX_NAME),
        "select_across": request.POST.get("select_across", "0"),
        "action_checkbox_name": ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/participation/hide_confirmation.html", context)


class ModeratedAdmin(admin.ModelAdmin):
    """Moderation happens after publication: hide with a reason, or show again."""

    actions = ["hide", "unhide"]

    @admin.display(description="masqué", boolean=True, ordering="hidden_at")
    def is_hidden(self, obj):
        return obj.hidden_at is not None

    @admin.action(description="Masquer", permissions=["change"])
    def hide(self, request, queryset):
        return hide_with_reason(self, request, queryset.filter(hidden_at__isnull=True))

    @admin.action(description="Réafficher", permissions=["change"])
    def unhide(self, request, queryset):
        hidden = queryset.filter(hidden_at__isnull=False)
        for target in hidden:
            services.content_unhide(target=target, officer=request.user)
            self.log_change(request, target, "Réaffiché")
        self.message_user(request, _count(len(hidden), "contenu réaffiché.", "contenus réaffichés."))


class ContributionAdmin(LeafletGeoAdminMixin, ModeratedAdmin):
    form = ContributionAdminForm
    list_filter = (HiddenFilter, "process", CommuneFilter)
    list_select_related = ("process", "commune")
    readonly_fields = ("commune", "created_at", *MODERATION_FIELDS)

    def get_queryset(self, request):
        # A commune row carries its whole boundary: the lists only need its name. (The list applies
        # list_select_related only to a queryset that has none, hence the explicit call.)
        return super().get_queryset(request).select_related(*self.list_select_related).defer("commune__geom")

    def get_changeform_initial_data(self, request):
        # What an officer enters is public once saved, unless the date is cleared.
        return {"published_at": timezone.now(), **super().get_changeform_initial_data(request)}

    @admin.display(description="commune", ordering="commune__nom")
    def commune_name(self, obj):
        return obj.commune.nom if obj.commune else None


class CorrectableAdmin(admin.ModelAdmin):
    """Citizens' words are theirs: a text written by someone else is read-only here (a forged POST of it is ignored,
    as for every read-only field). Moderation hides it, or corrects it on a page of its own (« Corriger
    (modération) »), kept as a new version beside the author's (services.content_correct)."""

    change_form_template = "admin/participation/correctable_change_form.html"

    @property
    def text_fields(self):
        return [field for field in services.CORRECTABLE_TEXTS[self.model] if field]

    #: what else of a citizen's contribution is theirs: where it is, in which concertation and of which kind (shown,
    #: the map included, but a posted value is ignored); the theme stays the officers' classification
    authored_fields = ("process", "geom", "kind")

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if obj is not None and obj.author_id != request.user.pk:
            # Its publication date too: hiding, not a date, takes a contribution out of view.
            others = [*self.text_fields, "published_at"] if hasattr(obj, "process") else self.text_fields
            return (*readonly, *(field for field in others if field not in readonly))
        return readonly

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None and obj.author_id != request.user.pk:
            for name in self.authored_fields:
                if field := form.base_fields.get(name):
                    field.disabled = True
                    if hasattr(field.widget, "modifiable"):
                        field.widget.modifiable = False
        return form

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_correct"
        return [
            path("<path:object_id>/corriger/", self.admin_site.admin_view(self.correct_view), name=name),
            *super().get_urls(),
        ]

    @admin.display(description="versions du texte")
    def text_versions(self, obj):
        versions = versions_of(obj)
        if not versions:
            return "Le texte publié est celui de l'auteur (aucune correction)."
        return format_html_join(
            "",
            "<p><strong>Version {} ({})</strong> : {}</p>",
            (
                (
                    v.number,
                    "texte de l'auteur"
                    if v.is_original
                    else f"corrigée le {timezone.localtime(v.created_at):%d/%m/%Y à %H:%M} par "
                    f"{v.corrected_by.pseudonym if v.corrected_by else 'un agent supprimé'}, "
                    f"motif public « {v.get_category_display()} » : {v.reason}",
                    " — ".join(text for text in (v.title, v.text) if text),
                )
                for v in versions
            ),
        )

    def correct_view(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        form = CorrectionForm(request.POST if request.method == "POST" else None, target=obj, fields=self.text_fields)
        if form.is_valid():
            try:
                services.content_correct(
                    target=obj,
                    officer=request.user,
                    texts={field: form.cleaned_data[field] for field in form.text_fields},
                    category=form.cleaned_data["category"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.log_change(request, obj, f"Corrigé par la modération : {form.cleaned_data['reason']}")
                self.message_user(request, "Le texte corrigé est publié ; la version de l'auteur est conservée.")
                return HttpResponseRedirect(
                    reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "title": "Corriger (modération)",
            "opts": self.opts,
            "original": obj,
            "form": form,
        }
        return TemplateResponse(
            request, "admin/participation/correction.html", context, status=400 if form.errors else 200
        )


class AuthoredContributionAdmin(CorrectableAdmin, ContributionAdmin):
    """Citizens' contributions; one entered in the back-office is signed by the officer who enters it."""

    list_select_related = ("process", "commune", "author")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


class PhaseInline(admin.TabularInline):
    model = Phase
    ordering = ("position",)
    fields = (
        "position",
        "title",
        "start_date",
        "end_date",
        "description",
        *(action.field for action in rules.ACTIONS),
    )
    extra = 1


#: what each action is called in the back-office, by its name in rules.refusals
LABELS = {
    action.field.removeprefix("allows_"): Phase._meta.get_field(action.field).verbose_name for action in rules.ACTIONS
}
OUTSIDE_PHASES = {
    Process.Status.UPCOMING: "pas encore commencée",
    Process.Status.OPEN: "entre deux phases",
    Process.Status.CLOSED: "terminée",
}


def _today(process):
    """The current phase and what the calendar takes today, as rules.py decides for every path."""
    phase = process.current_phase
    if phase is None:
        return f"Aucune phase en cours ({OUTSIDE_PHASES[process.status]}) : aucune contribution acceptée"
    allowed = [LABELS[name] for name, reason in process.refusals.items() if reason is None]
    return f"« {phase.title} » : {', '.join(allowed) or 'aucune contribution acceptée'}"


@admin.register(Process)
class ProcessAdmin(admin.ModelAdmin):
    list_display = ("title", "slug", "status_label", "today", "published", "is_private", "created_at")
    list_filter = ("published", "is_private", "themes")
    search_fields = ("title", "slug")
    date_hierarchy = "created_at"
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("themes", "communes")
    autocomplete_fields = ("members",)
    inlines = [PhaseInline]
    readonly_fields = ("today", "refused_today")
    fieldsets = (
        (None, {"fields": ("title", "slug", "subtitle", "presentation", "modalities", "published")}),
        (
            "Aujourd'hui",
            {
                "fields": ("today", "refused_today"),
                "description": "Ce que le calendrier accepte aujourd'hui, sur le site comme par l'API : chaque phase "
                "dit ce qu'elle accepte (tableau des phases ci-dessous) ; hors des phases, rien.",
            },
        ),
        ("Thèmes et territoire", {"fields": ("themes", "communes")}),
        ("Espace privé", {"fields": ("is_private", "members")}),
    )

    def get_queryset(self, request):
        # The status is derived from the phases: one query for the whole page rather than one per row.
        return super().get_queryset(request).prefetch_related("phases")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "communes":
            kwargs["queryset"] = Commune.objects.defer("geom")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description="statut")
    def status_label(self, obj):
        return Process.Status(obj.status).label

    @admin.display(description="phase en cours et contributions acceptées")
    def today(self, obj):
        return _today(obj) if obj.pk else "-"

    @admin.display(description="refusé aujourd'hui")
    def refused_today(self, obj):
        if not obj.pk:
            return "-"
        reasons = [reason for reason in obj.refusals.values() if reason is not None]
        return format_html_join(mark_safe("<br>"), "{}", ((reason,) for reason in reasons)) or "rien"


@admin.register(Proposal)
class ProposalAdmin(AuthoredContributionAdmin):
    form = ProposalAdminForm
    list_display = (
        "title",
        "process",
        "commune_name",
        "author",
        "state",
        "supports_count",
        "comments_count",
        "published_at",
        "is_hidden",
    )
    list_filter = ("state", "theme", *ContributionAdmin.list_filter)
    search_fields = ("title",)
    show_full_result_count = False
    readonly_fields = (
        "author",
        "text_versions",
        "supports_count",
        "comments_count",
        "answered_at",
        "answered_by",
        *ContributionAdmin.readonly_fields,
    )
    add_fieldsets = ((None, {"fields": ("process", "title", "body", "theme", "geom", "published_at")}),)
    fieldsets = (
        *add_fieldsets,
        ("Réponse de la métropole", {"fields": ("state", "answer", "answered_at", "answered_by")}),
        ("Participation", {"fields": ("author", "commune", "supports_count", "comments_count", "created_at")}),
        AUTHORED_MODERATION_FIELDSET,
    )

    def get_fieldsets(self, request, obj=None):
        return self.fieldsets if obj else self.add_fieldsets

    def save_model(self, request, obj, form, change):
        answering = change and form.is_answer
        if answering:
            # The state and answer are written by the service alone, which records who answered and when.
            state, text = obj.state, obj.answer
            obj.state, obj.answer = form.initial["state"], form.initial["answer"]
        super().save_model(request, obj, form, change)
        if answering:
            services.proposal_answer(proposal=obj, officer=request.user, state=state, answer=text)


@admin.register(Meeting)
class MeetingAdmin(ContributionAdmin):
    form = MeetingAdminForm
    list_display = ("title", "process", "commune_name", "start_time", "address", "published_at", "is_hidden")
    search_fields = ("title", "address")
    date_hierarchy = "start_time"
    # A link typed without a scheme ("www.example.org") is taken as https, as Django 6 will do.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    autocomplete_fields = ("report_proposals",)
    readonly_fields = ("report_published_at", *ContributionAdmin.readonly_fields)
    fieldsets = (
        (None, {"fields": ("process", "title", "description", "published_at")}),
        ("Quand et où", {"fields": ("start_time", "end_time", "address", "geom", "commune")}),
        ("Liens", {"fields": ("registration_url", "online_url")}),
        (
            "Compte rendu",
            {
                "description": "Publié sur la page des réunions à la place des liens d'inscription et de visio, une "
                "fois la réunion terminée (pas avant). Les propositions liées doivent appartenir à la même "
                "concertation ; seules celles que le lecteur peut voir sont affichées. Videz le texte pour retirer "
                "le compte rendu.",
                "fields": ("report", "attendees", "report_proposals", "report_published_at"),
            },
        ),
        MODERATION_FIELDSET,
    )

    def save_model(self, request, obj, form, change):
        if form.is_report:
            # The report is written by the service alone, which checks it and dates its publication.
            obj.report, obj.attendees = form.initial.get("report", ""), form.initial.get("attendees")
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        # The linked proposals belong to the report: taken out of the form's own save, written by the service.
        proposals = form.cleaned_data.pop("report_proposals", [])
        super().save_related(request, form, formsets, change)
        if form.is_report:
            services.meeting_report_write(
                meeting=form.instance,
                report=form.cleaned_data["report"],
                attendees=form.cleaned_data["attendees"],
                proposals=proposals,
            )


@admin.register(Annotation)
class AnnotationAdmin(AuthoredContributionAdmin):
    form = AnnotationAdminForm
    list_display = ("__str__", "kind", "process", "commune_name", "author", "published_at", "is_hidden")
    list_filter = ("kind", *ContributionAdmin.list_filter)
    search_fields = ("comment",)
    show_full_result_count = False
    readonly_fields = ("author", "text_versions", *ContributionAdmin.readonly_fields)
    fieldsets = (
        (None, {"fields": ("process", "kind", "comment", "geom", "published_at")}),
        ("Participation", {"fields": ("author", "commune", "created_at")}),
        AUTHORED_MODERATION_FIELDSET,
    )


@admin.register(Comment)
class CommentAdmin(CorrectableAdmin, ModeratedAdmin):
    """Citizens' words are not edited in the back-office: a comment is kept as written, hidden or corrected by
    moderation."""

    list_display = ("__str__", "author", "target_link", "published_at", "is_hidden")
    list_filter = (HiddenFilter,)
    list_select_related = ("author", "content_type")
    search_fields = ("body",)
    fields = (
        "target_link",
        "parent",
        "author",
        "body",
        "published_at",
        "agrees_count",
        "disagrees_count",
        *MODERATION_FIELDS,
        "text_versions",
    )
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    @admin.display(description="contenu commenté")
    def target_link(self, obj):
        return _admin_link(obj.content_type, obj.object_id)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records that citizens make and unmake themselves: officers look, never edit."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Support)
class SupportAdmin(ReadOnlyAdmin):
    """Supports are counted on the proposal: only citizens add or withdraw them."""

    list_display = ("proposal", "user", "created_at")
    list_select_related = ("proposal", "user")
    fields = ("proposal", "user", "created_at")
    readonly_fields = fields


@admin.register(Follow)
class FollowAdmin(ReadOnlyAdmin):
    list_display = ("user", "target_link", "created_at")
    list_select_related = ("user", "content_type")
    fields = ("user", "target_link", "created_at")
    readonly_fields = fields

    @admin.display(description="contenu suivi")
    def target_link(self, obj):
        return _admin_link(obj.content_type, obj.object_id)


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """Reports come from citizens; an officer reads them and hides the content, or deletes the report (a dismissal,
    written in the journal of moderation)."""

    list_display = ("created_at", "reason", "reporter_pseudonym", "reported", "reported_state")
    list_filter = ("reason",)
    list_select_related = ("reporter", "content_type")
    search_fields = ("details",)
    date_hierarchy = "created_at"
    fields = ("reported", "reported_state", "reason", "details", "reporter_pseudonym", "created_at")
    readonly_fields = fields
    actions = ["hide_reported"]

    def get_queryset(self, request):
        # One query per type of reported content, whatever the number of rows.
        return super().get_queryset(request).prefetch_related("target")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        services.report_dismiss(report=obj, officer=request.user)

    def delete_queryset(self, request, queryset):
        for report in queryset:
            services.report_dismiss(report=report, officer=request.user)

    def has_moderate_permission(self, request):
        return all(
            request.user.has_perm(f"participation.change_{model._meta.model_name}")
            for model in (Proposal, Annotation, Meeting, Comment)
        )

    @admin.display(description="signalé par", ordering="reporter__pseudonym")
    def reporter_pseudonym(self, obj):
        return obj.reporter.pseudonym if obj.reporter else None

    @admin.display(description="contenu signalé")
    def reported(self, obj):
        if obj.target is None:
            return f"{obj.content_type.name} n° {obj.object_id} (supprimé)"
        return _admin_link(obj.content_type, obj.object_id, str(obj.target))

    @admin.display(description="état du contenu")
    def reported_state(self, obj):
        if obj.target is None:
            return "supprimé"
        if isinstance(obj.target, Moderated) and obj.target.hidden_at:
            return f"masqué le {timezone.localtime(obj.target.hidden_at):%d/%m/%Y à %H:%M}"
        return "visible"

    @admin.action(description="Masquer le contenu signalé", permissions=["moderate"])
    def hide_reported(self, request, queryset):
        targets = {
            (type(report.target), report.target.pk): report.target
            for report in queryset
            if isinstance(report.target, Moderated) and report.target.hidden_at is None
        }
        return hide_with_reason(self, request, list(targets.values()))
