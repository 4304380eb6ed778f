"""Reads for the debate pages: a column of arguments a page at a time, and the replies under them."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

from geoparticipation.participation.selectors import with_replies as thread_replies
from layers.models import DebateArgumentFeature

from .models import Argument, ArgumentSupport, Debate, Stance

COLUMN_PAGE = 20
#: the replies shown under each argument, oldest first
REPLIES_SHOWN = 20
SORTS = {"soutiens": ("-supports_count", "-id"), "date": ("-published_at", "-id")}
REVERSED = {"soutiens": ("supports_count", "id"), "date": ("published_at", "id")}
#: the query parameter of each column's page number
PAGE_PARAMETERS = {Stance.FOR: "pour", Stance.AGAINST: "contre", Stance.NUANCE: "nuance"}


@dataclass
class Column:
    stance: str
    label: str
    count: int
    arguments: list
    #: the argument after which « Arguments suivants » starts, and before which « Arguments précédents » ends
    next_after: Argument | None
    previous_before: Argument | None

    @property
    def parameter(self) -> str:
        return PAGE_PARAMETERS[self.stance]

    @property
    def after_parameter(self) -> str:
        return f"{self.parameter}_apres"

    @property
    def before_parameter(self) -> str:
        return f"{self.parameter}_avant"


class BadCursor(ValueError):
    """A column's cursor that names no argument of that column (a typo, another debate, a reply)."""


def debates_of(process, debates):
    """The concertation's debates among `debates` (those the reader may see)."""
    return debates.filter(process=process).select_related("commune").defer("commune__geom")


def _cursor_id(value) -> int | None:
    """The argument id a cursor parameter gives, None when absent; BadCursor when it is no id."""
    if value is None or value == "":
        return None
    if not (isinstance(value, str) and value.isdigit() and len(value) < 19):
        raise BadCursor("Le curseur de la colonne doit être le numéro d'un argument.")
    return int(value)


def column_arguments(debate: Debate, stance: str):
    """The arguments of one column, hidden ones included (they keep their place as a notice)."""
    return Argument.objects.filter(debate=debate, stance=stance, parent__isnull=True, published_at__isnull=False)


def _key(sort: str) -> str:
    return "supports_count" if sort == "soutiens" else "published_at"


def _beyond(arguments, sort: str, anchor: Argument, comparison: str):
    """`arguments` whose (key, id) compares to the anchor's by `comparison` as one row value, so that the column's
    index finds where a page starts and reads only the page (an OFFSET reads every row before it)."""
    key = _key(sort)
    sql = f"(debates_argument.{key}, debates_argument.id) {comparison} (%s, %s)"
    return arguments.filter(RawSQL(sql, (getattr(anchor, key), anchor.pk), output_field=BooleanField()))


def column(debate: Debate, stance: str, *, sort: str, page: int = 1, after=None, before=None) -> Column:
    """One page of a column, most supported or newest first, read from its index (models.Argument.Meta.indexes):
    the page after the argument of id `after` (« Arguments suivants »), before that of id `before` (« Arguments
    précédents »), or the page number `page` (an OFFSET, for the old links). Walking a column by its links costs its
    first page at every step; one row more than the page says whether another follows, so no column is counted: its
    length is the debate's counter. BadCursor when `after` or `before` is not an argument of this column."""
    arguments = column_arguments(debate, stance).select_related("author")
    after_id, before_id = _cursor_id(after), _cursor_id(before)
    rows = None
    if after_id is not None or before_id is not None:
        anchor = column_arguments(debate, stance).filter(pk=after_id or before_id).only("pk", _key(sort)).first()
        if anchor is None:
            raise BadCursor("Cet argument n'est pas dans cette colonne.")
        if after_id is not None:
            found = list(_beyond(arguments, sort, anchor, "<").order_by(*SORTS[sort])[: COLUMN_PAGE + 1])
            rows, has_previous, has_next = found[:COLUMN_PAGE], True, len(found) > COLUMN_PAGE
        else:
            found = list(_beyond(arguments, sort, anchor, ">").order_by(*REVERSED[sort])[: COLUMN_PAGE + 1])
            # Fewer than a page before it: the column's first page, full, instead.
            if len(found) > COLUMN_PAGE:
                rows, has_previous, has_next = found[:COLUMN_PAGE][::-1], True, True
            else:
                page = 1
    if rows is None:
        found = list(arguments.order_by(*SORTS[sort])[(page - 1) * COLUMN_PAGE : page * COLUMN_PAGE + 1])
        rows, has_previous, has_next = found[:COLUMN_PAGE], page > 1, len(found) > COLUMN_PAGE
    counts = {
        Stance.FOR: debate.arguments_for,
        Stance.AGAINST: debate.arguments_against,
        Stance.NUANCE: debate.arguments_nuance,
    }
    return Column(
        stance=stance,
        label=Stance(stance).label,
        count=counts[stance],
        arguments=rows,
        next_after=rows[-1] if has_next and rows else None,
        previous_before=rows[0] if has_previous and rows else None,
    )


def anchor_of(argument: Argument, sort: str = "soutiens") -> str:
    """The query and anchor that show `argument` on its debate's page: its column's page that starts with it, after
    the argument just before it in the order `sort` (one look-up in the column's index, whatever its rank), and for a
    reply past the first REPLIES_SHOWN, the replies from it on. The key is read afresh: a support just given or
    taken back changed it in the database (by trigger), not in the object."""
    top = argument.parent if argument.parent_id else argument
    top.refresh_from_db(fields=[_key(sort)])
    params = {}
    if sort != "soutiens":
        params["tri"] = sort
    previous = (
        _beyond(column_arguments(top.debate_id, top.stance), sort, top, ">")
        .order_by(*REVERSED[sort])
        .values_list("pk", flat=True)
        .first()
    )
    if previous is not None:
        params[f"{PAGE_PARAMETERS[top.stance]}_apres"] = previous
    if argument.parent_id:
        earlier = Argument.objects.filter(parent_id=argument.parent_id, published_at__isnull=False).filter(
            Q(published_at__lt=argument.published_at) | Q(published_at=argument.published_at, id__lt=argument.pk)
        )
        if earlier[:REPLIES_SHOWN].count() >= REPLIES_SHOWN:
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
