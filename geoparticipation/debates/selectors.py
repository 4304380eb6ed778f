"""Reads for the debate pages: a column of arguments a page at a time, and the replies under them."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Q

from geoparticipation.participation.selectors import with_replies as thread_replies
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


def debates_of(process, debates):
    """The concertation's debates among `debates` (those the reader may see)."""
    return debates.filter(process=process).select_related("commune").defer("commune__geom")


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


def _before(argument: Argument, sort: str) -> Q:
    """The rows a column shows before `argument` in the order SORTS[sort] (both keys descending)."""
    key = "supports_count" if sort == "soutiens" else "published_at"
    value = getattr(argument, key)
    return Q(**{f"{key}__gt": value}) | Q(**{key: value, "id__gt": argument.pk})


def anchor_of(argument: Argument, sort: str = "soutiens") -> str:
    """The query and anchor that show `argument` on its debate's page: its column's page in the order `sort`, and
    for a reply past the first REPLIES_SHOWN, the replies from it on. One count on the column's index."""
    top = argument.parent if argument.parent_id else argument
    params = {}
    if sort != "soutiens":
        params["tri"] = sort
    before = (
        Argument.objects.filter(debate_id=top.debate_id, stance=top.stance, parent__isnull=True)
        .filter(published_at__isnull=False)
        .filter(_before(top, sort))
        .count()
    )
    if before >= COLUMN_PAGE:
        params[PAGE_PARAMETERS[top.stance]] = before // COLUMN_PAGE + 1
    if argument.parent_id:
        earlier = Argument.objects.filter(parent_id=argument.parent_id, published_at__isnull=False).filter(
            Q(published_at__lt=argument.published_at) | Q(published_at=argument.published_at, id__lt=argument.pk)
        )
        if earlier.count() >= REPLIES_SHOWN:
            params["reponses"] = argument.pk
    return ("?" + urlencode(params) if params else "") + f"#argument-{argument.pk}"


def with_replies(arguments: list, *, from_reply=None) -> None:
    """Sets `shown_replies` on each argument: its first REPLIES_SHOWN published replies; for the argument of the
    reply whose id is `from_reply` (a page's parameter), a page of them from that one on. Where more follow,
    `next_reply` and `more_replies` say which and how many (participation.selectors.with_replies)."""
    replies = Argument.objects.filter(parent__isnull=False, published_at__isnull=False)
    start = None
    if isinstance(from_reply, str) and from_reply.isdigit() and len(from_reply) < 19:
        start = (
            replies.filter(pk=from_reply, parent__in=[a.pk for a in arguments])
            .only("pk", "parent", "published_at")
            .first()
        )
    thread_replies(arguments, replies, from_reply=start, attribute="shown_replies", shown=REPLIES_SHOWN)


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
