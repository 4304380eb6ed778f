"""The back-office of surveys: officers write a questionnaire, its questions and their choices.

Responses are not listed one by one: an officer reads the aggregates, like the public, and the analysis workspace.
"""

from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html

from .models import Choice, Question, Survey


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 1
    show_change_link = True
    fields = (
        ("position", "kind", "required"),
        "text",
        "help_text",
        ("scale_min", "scale_min_label", "scale_max", "scale_max_label"),
    )


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 3
    fields = ("position", "label")


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ("title", "process", "published", "opens_at", "closes_at", "responses_count", "results_link")
    list_filter = ("published", "process")
    list_select_related = ("process",)
    search_fields = ("title", "process__title")
    prepopulated_fields = {"slug": ("title",)}
    fields = ("process", "title", "slug", "introduction", "ask_profile", ("opens_at", "closes_at"), "published")
    inlines = [QuestionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(responses_total=Count("responses"))

    @admin.display(description="réponses", ordering="responses_total")
    def responses_count(self, survey):
        return survey.responses_total

    @admin.display(description="résultats")
    def results_link(self, survey):
        url = reverse("surveys:results", args=[survey.process.slug, survey.slug])
        return format_html('<a href="{}">Voir les résultats</a>', url)


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    """Where the choices of a question are written (Django's inlines do not nest inside the survey's)."""

    list_display = ("text", "survey", "position", "kind", "required")
    list_filter = ("kind", "survey__process")
    list_select_related = ("survey",)
    search_fields = ("text", "survey__title")
    fields = ("survey", *QuestionInline.fields)
    inlines = [ChoiceInline]
