from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed

from .models import Article

ITEMS = 30


class NewsFeed(Feed):
    """The public news in Atom: never a private concertation's, a draft or an article still to come."""

    feed_type = Atom1Feed
    title = "Actualités de la participation citoyenne · Métropole Européenne de Lille"
    subtitle = "Les actualités des concertations de la Métropole Européenne de Lille."
    link = reverse_lazy("news:list")
    author_name = "Métropole Européenne de Lille"
    language = "fr"

    def feed_url(self):
        return reverse_lazy("news:feed")

    def items(self):
        return Article.objects.public().select_related("process")[:ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or item.html()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.published_at)

    def item_author_name(self, item):
        return self.author_name

    def item_categories(self, item):
        return [item.process.title] if item.process else []
