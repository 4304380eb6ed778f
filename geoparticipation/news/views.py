from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from geoparticipation.attachments.serving import file_response
from geoparticipation.console.spaces import preview
from geoparticipation.participation.models import Process

from . import selectors
from .models import ArticleFile

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


def article_detail(request, slug):
    article = get_object_or_404(selectors.articles_for(request.user).select_related("process"), slug=slug)
    return render(request, "news/article_detail.html", {"article": article})


def article_file(request, pk, thumbnail=False):
    """A file of an article the reader may read: not found for a draft, an article still to come, or the news of a
    private concertation for a non-member."""
    stored = get_object_or_404(ArticleFile.objects.filter(article__in=selectors.articles_for(request.user)), pk=pk)
    return file_response(stored, thumbnail=thumbnail)
