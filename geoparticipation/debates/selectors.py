"""Reads for the debate pages: a column of arguments a page at a time, and the replies under them."""

from dataclasses import dataclass

from django.db.models import F, Window
from django.db.models.functions import RowNumber

from layers.models import DebateArgumentFeature

from .models import Argument, ArgumentSupport, Debate, Stance

COLUMN_PAGE = 20
#: the replies shown under each argument, oldest first
REPLIES_SHOWN = 20
SORTS = {"soutiens": ("-supports_count", "-id"), "date": ("-published_at", "-id")}
#: the query parameter of each column's page number
PAGE_PARAMETERS = {Stance.FOR: "pour", Stance.AGAINST: "contre", Stance.NUANCE: "nuance"}


@dataclass
class Column:
    stance: str
    label: str
    count: int
    arguments: list
    page: int
    has_next: bool

    @property
    def parameter(self) -> str:
        return PAGE_PARAMETERS[self.stance]


def debates_of(process, user):
    return Debate.objects.visible_to(user).filter(process=process).select_related("commune").defer("commune__geom")


def column(debate: Debate, stance: str, *, sort: str, page: int) -> Column:
    """One page of a column, newest or most supported first, from its index (models.Argument.Meta.indexes); one row
    more than the page says whether another follows, so no column is counted: its length is the debate's counter.
    Hidden arguments keep their place as a notice, as hidden comments do."""
    rows = list(
        Argument.objects.filter(debate=debate, stance=stance, parent__isnull=True, published_at__isnull=False)
        .select_related("author")
        .order_by(*SORTS[sort])[(page - 1) * COLUMN_PAGE : page * COLUMN_PAGE + 1]
    )
    counts = {
        Stance.FOR: debate.arguments_for,
        Stance.AGAINST: debate.arguments_against,
        Stance.NUANCE: debate.arguments_nuance,
    }
    return Column(
        stance=stance,
        label=Stance(stance).label,
        count=counts[stance],
        arguments=rows[:COLUMN_PAGE],
        page=page,
        has_next=len(rows) > COLUMN_PAGE,
    )


def with_replies(arguments: list) -> None:
    """Sets `shown_replies` on each argument: its first REPLIES_SHOWN published replies, in one query."""
    by_parent = {argument.pk: argument for argument in arguments}
    for argument in arguments:
        argument.shown_replies = []
    replies = (
        Argument.objects.filter(parent__in=list(by_parent), published_at__isnull=False)
        .select_related("author")
        .annotate(rank=Window(RowNumber(), partition_by=[F("parent_id")], order_by=[F("published_at"), F("id")]))
        .filter(rank__lte=REPLIES_SHOWN)
        .order_by("parent_id", "published_at", "id")
    )
    for reply in replies:
        by_parent[reply.parent_id].shown_replies.append(reply)


def supported_by(user, arguments) -> set[int]:
    """The ids of the arguments among `arguments` (and their replies) that `user` supports."""
    if not user.is_authenticated:
        return set()
    ids = [a.pk for a in arguments] + [r.pk for a in arguments for r in getattr(a, "shown_replies", ())]
    return set(ArgumentSupport.objects.filter(user=user, argument__in=ids).values_list("argument_id", flat=True))


def has_placed_arguments(debate: Debate) -> bool:
    """Whether the public layer of placed arguments holds some of this debate's, read from the layer itself so that
    the page's map shows what the feeds publish (nothing in a private concertation); one look-up in the index of
    placed arguments."""
    return DebateArgumentFeature.objects.filter(debate=debate.pk).exists()
