from django.db.models import Prefetch

from .models import Article, ArticleFile


def articles_for(user, process=None, *, preview=False):
    """The news `user` may read, newest first, with their files (one query for a page's files); `preview`: those the
    concertation's readers will read (for its officers' preview)."""
    articles = Article.objects.shown() if preview else Article.objects.visible_to(user)
    if process is not None:
        articles = articles.filter(process=process)
    return articles.select_related("process").prefetch_related(
        Prefetch("files", queryset=ArticleFile.objects.order_by("position", "pk"))
    )


def latest(user, process=None, count=3):
    return list(articles_for(user, process)[:count])
