from django.contrib import admin

from geoparticipation.attachments.admin_forms import StoredFileAdminForm

from .models import Article, ArticleFile


class ArticleFileInline(admin.TabularInline):
    model = ArticleFile
    form = StoredFileAdminForm
    fields = ("upload", "original_name", "alt_text", "position")
    readonly_fields = ("original_name",)
    extra = 1


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    """The news: the first image is the one the lists show; an article is a draft until « publiée » is ticked, and
    appears at its publication date."""

    list_display = ("title", "published", "published_at", "process")
    list_filter = ("published", "process")
    search_fields = ("title",)
    prepopulated_fields = {"slug": ("title",)}
    fields = ("title", "slug", "summary", "body", "process", "published", "published_at")
    inlines = [ArticleFileInline]
