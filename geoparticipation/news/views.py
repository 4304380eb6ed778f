from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from geoparticipation.attachments.serving import file_response
from geoparticipation.console.spaces import preview
from geoparticipation.participation.models import Process

from . import selectors
from .models import Article, ArticleFile

PAGE_SIZE = 10


def _page(request, articles):
    return Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))


def article_list(request):
    return render(request, "news/article_list.html", {"page": _page(request, selectors.articles_for(request.user))})


@preview.preview_headers
def process_articles(request, slug):
    process = preview.open_process(request, slug, Process.objects.prefetch_related("phases"))
    articles = selectors.articles_for(request.user, process, preview=preview.previewing(request))
    return render(
        request, "news/process_articles.html", {"process": process, "tab": "news", "page": _page(request, articles)}
    )


@preview.preview_headers
def article_detail(request, slug):
    """An article `request.user` may read, or one of a concertation whose space they run, read only in its officers'
    preview (as it will show once the concertation opens)."""
    article = selectors.articles_for(request.user).filter(slug=slug).first()
    if article is None:
        shown = Article.objects.shown().filter(slug=slug).exclude(process=None)
        process_slug = shown.values_list("process__slug", flat=True).first()
        if process_slug is None:
            raise Http404
        process = preview.open_process(request, process_slug, Process.objects.prefetch_related("phases"))
        if not preview.previewing(request):
            raise Http404
        article = get_object_or_404(selectors.articles_for(request.user, process, preview=True), slug=slug)
    return render(request, "news/article_detail.html", {"article": article, "process": article.process})


def article_file(request, pk, thumbnail=False):
    """A file of an article the reader may read: not found for a draft, an article still to come, or the news of a
    private concertation for a non-member."""
    stored = get_object_or_404(ArticleFile.objects.filter(article__in=selectors.articles_for(request.user)), pk=pk)
    return file_response(stored, thumbnail=thumbnail)
