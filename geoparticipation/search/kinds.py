"""What the site search finds: one declaration per kind of content.

A kind says which rows a visitor may find (its queryset, built on the visibility rule every page uses), which words
are searched with which weight (its vector), what a result shows (a title, a snippet, the concertation it belongs
to) and where it leads. `KINDS` lists them in the page's order; a new kind is one more `Kind(…)` there.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.contrib.postgres.search import SearchHeadline, SearchRank, SearchVector
from django.db.models import BooleanField, F, Func, QuerySet, Subquery, TextField, Value
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from geoparticipation.debates.models import Argument, Debate
from geoparticipation.news.models import Article
from geoparticipation.participation.models import Meeting, Process, Proposal
from geoparticipation.territory.models import Commune

from . import text

# Rows ranked per kind: the first matches in the kind's own order, then sorted by relevance. Ranking reads each
# row's vector again, so a frequent word among a million proposals ranks a bounded set rather than every match.
RANKED = 1000
# Matches counted per kind: beyond, the page says « plus de 1 000 » instead of counting a million rows.
COUNTED = 1000
# Markers that ts_headline puts around matched words: control characters that no visible text needs, replaced by
# <mark> only after the text around them is escaped (highlight.py).
START, STOP = "\x02", "\x03"


def _unmarked(column):
    """The column without the markers' characters, should someone have typed them, so that only ts_headline's
    become <mark>."""
    return Func(F(column), Value(START + STOP), Value(""), function="translate", output_field=TextField())


class _IdAmong(Func):
    """`id = ANY(ARRAY(ids))`: the ids are read once, from the GIN index, before the rows they pick; as `IN (ids)` the
    planner joins them to a view row by row, misled by the view's estimates (3 s for a frequent word at 170,000)."""

    arg_joiner = " = ANY(ARRAY"
    template = "%(expressions)s)"
    output_field = BooleanField()


@dataclass(frozen=True)
class Kind:
    key: str  # the `type` parameter of /recherche/
    label: str  # the heading of its results
    count_label: Callable[[int], str]  # « 3 propositions »
    visible: Callable[..., QuerySet]  # (user) -> the rows that user may see, by the rule every page uses
    vector: SearchVector | F  # the weighted words; for a large table, its stored and indexed column
    url: Callable[[object], str]
    title: str  # the field shown as the result's title, highlighted
    snippet: str | None = None  # the field whose matching passage is shown under it
    context: Callable[[object], str] = lambda row: ""  # where it belongs: the concertation's title
    related: tuple[str, ...] = ()  # select_related() for url() and context()
    order: tuple[str, ...] = ("-pk",)  # which matches are ranked when there are more than RANKED
    only: tuple[str, ...] = field(default=())  # columns read for a result (url(), context())

    def matches(self, words: str, user) -> QuerySet:
        return self.visible(user).alias(search_words=self.vector).filter(search_words=text.query(words))

    def narrow(self, rows: QuerySet, words: str) -> QuerySet:
        """`rows` (of any table keyed by this kind's ids: the REST API's layer view, which applies the visibility rule
        itself) narrowed to the ids whose words match."""
        model = self.visible(AnonymousUser()).model
        ids = model._default_manager.alias(search_words=self.vector).filter(search_words=text.query(words))
        return rows.filter(_IdAmong(F("pk"), Subquery(ids.values("pk"))))

    def count(self, words: str, user) -> int:
        """Exact up to COUNTED, then COUNTED + 1 (« plus de … »)."""
        return self.matches(words, user).order_by()[: COUNTED + 1].count()

    def results(self, words: str, user) -> QuerySet:
        """The matches, most relevant first, with their highlighted title and snippet; slice it to a page."""
        query = text.query(words)
        candidates = self.matches(words, user).order_by(*self.order).values("pk")[:RANKED]
        rows = (
            self.visible(user)
            .filter(pk__in=candidates)
            .select_related(*self.related)
            .annotate(
                rank=SearchRank(self.vector, query),
                headline_title=SearchHeadline(
                    _unmarked(self.title), query, config=text.CONFIG, start_sel=START, stop_sel=STOP, highlight_all=True
                ),
            )
            .order_by("-rank", "-pk")
        )
        if self.snippet:
            rows = rows.annotate(
                headline_snippet=SearchHeadline(
                    _unmarked(self.snippet),
                    query,
                    config=text.CONFIG,
                    start_sel=START,
                    stop_sel=STOP,
                    max_words=30,
                    min_words=12,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                )
            )
        if self.only:
            rows = rows.only(*self.only)
        return rows


def _process_title(row):
    return row.process.title


def _article_context(row):
    return row.process.title if row.process_id else ""


KINDS = (
    Kind(
        key="concertations",
        label=_("Concertations"),
        count_label=lambda n: ngettext("%(n)s concertation", "%(n)s concertations", n) % {"n": n},
        visible=lambda user: Process.objects.visible_to(user),
        # A few hundred rows at most: no index, the vector is computed as it is read.
        vector=text.vector(("title", "A"), ("subtitle", "B"), ("presentation", "C")),
        url=lambda row: reverse("web:process", args=[row.slug]),
        title="title",
        snippet="presentation",
        order=("-created_at", "-pk"),
    ),
    Kind(
        key="propositions",
        label=_("Propositions"),
        count_label=lambda n: ngettext("%(n)s proposition", "%(n)s propositions", n) % {"n": n},
        visible=lambda user: Proposal.objects.visible_to(user),
        vector=F("search_vector"),
        url=lambda row: reverse("web:proposal", args=[row.process.slug, row.pk]),
        title="title",
        snippet="body",
        context=_process_title,
        related=("process",),
        # The most recent matches are the ones ranked when a word is frequent (the published_at index).
        order=("-published_at", "-pk"),
        only=("pk", "title", "body", "process__slug", "process__title"),
    ),
    Kind(
        key="debats",
        label=_("Débats"),
        count_label=lambda n: ngettext("%(n)s débat", "%(n)s débats", n) % {"n": n},
        visible=lambda user: Debate.objects.visible_to(user),
        # A few per concertation: no index, as for concertations.
        vector=text.vector(("title", "A"), ("description", "B")),
        url=lambda row: row.get_absolute_url(),
        title="title",
        snippet="description",
        context=_process_title,
        related=("process",),
        order=("-published_at", "-pk"),
        only=("pk", "title", "description", "process__slug", "process__title"),
    ),
    Kind(
        key="arguments",
        label=_("Arguments"),
        count_label=lambda n: ngettext("%(n)s argument", "%(n)s arguments", n) % {"n": n},
        # Published and not hidden, in a debate the visitor may see.
        visible=lambda user: Argument.objects.published().filter(debate__in=Debate.objects.visible_to(user)),
        vector=F("search_vector"),
        url=lambda row: row.get_absolute_url(),
        # An argument has no title: the result is named by its debate's question, and shows the matching passage.
        title="debate__title",
        snippet="body",
        context=lambda row: row.debate.process.title,
        related=("debate__process",),
        order=("-published_at", "-pk"),
        only=("pk", "body", "debate__title", "debate__process__slug", "debate__process__title"),
    ),
    Kind(
        key="reunions",
        label=_("Réunions"),
        count_label=lambda n: ngettext("%(n)s réunion", "%(n)s réunions", n) % {"n": n},
        visible=lambda user: Meeting.objects.visible_to(user),
        # Tens per concertation: no index, as for concertations.
        vector=text.vector(("title", "A"), ("description", "B"), ("address", "C")),
        url=lambda row: reverse("web:meetings", args=[row.process.slug]) + f"#reunion-{row.pk}",
        title="title",
        snippet="description",
        context=_process_title,
        related=("process",),
        order=("-start_time", "-pk"),
        only=("pk", "title", "description", "start_time", "process__slug", "process__title"),
    ),
    Kind(
        key="actualites",
        label=_("Actualités"),
        count_label=lambda n: ngettext("%(n)s actualité", "%(n)s actualités", n) % {"n": n},
        visible=lambda user: Article.objects.visible_to(user),
        # Thousands over the years: their stored and indexed vector.
        vector=F("search_vector"),
        url=lambda row: reverse("news:article", args=[row.slug]),
        title="title",
        snippet="body",
        context=_article_context,
        related=("process",),
        order=("-published_at", "-pk"),
        only=("pk", "slug", "title", "body", "process__title"),
    ),
    Kind(
        key="communes",
        label=_("Communes"),
        count_label=lambda n: ngettext("%(n)s commune", "%(n)s communes", n) % {"n": n},
        visible=lambda user: Commune.objects.all(),
        vector=text.vector(("nom", "A")),
        url=lambda row: reverse("web:commune", args=[row.insee]),
        title="nom",
        order=("nom", "pk"),
        only=("pk", "insee", "nom"),
    ),
)

BY_KEY = {kind.key: kind for kind in KINDS}
