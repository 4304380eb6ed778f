"""Reads of participation data that serve a page and the API alike."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import connections
from django.db.models import Q

from geoparticipation.moderation.selectors import with_corrections

from .models import Comment, CommentVote

THREAD_PAGE = 50
#: the replies shown under each top comment (or argument) on its page, oldest first; « Voir les N autres réponses »
#: leads to the others, REPLIES_PAGE at a time
REPLIES_SHOWN = 5
REPLIES_PAGE = 50
#: the replies counted after those shown, as the site search counts its matches: beyond, « plus de 1 000 »
REPLIES_COUNTED = 1000

#: a thread's orders: the key of its top comments, and the condition « at or after `start` » in that order
SORTS = {
    "date": (
        ("published_at", "id"),
        lambda start: Q(published_at__gt=start.published_at) | Q(published_at=start.published_at, id__gte=start.pk),
    ),
    "votes": (
        ("-agrees_count", "id"),
        lambda start: Q(agrees_count__lt=start.agrees_count) | Q(agrees_count=start.agrees_count, id__gte=start.pk),
    ),
}


@dataclass
class ThreadPage:
    """A page of a thread's top comments, each with its first replies (`thread_replies`, oldest first, see
    with_replies)."""

    comments: list[Comment]
    sort: str
    #: the top comment the page starts at, None for the first page
    start: int | None
    #: the top comment the next page starts at
    next_start: int | None


def comment_thread(target, *, sort: str = "date", start=None, user=None, size: int | None = None) -> ThreadPage:
    """The page of `target`'s thread that starts at the top comment `start` (an id; an unknown one leads to the
    first page), in `sort` order (SORTS: oldest first, or most agreed first). A reply's id leads to its top comment,
    with that comment's replies read from this one on (with_replies).

    Keyset paging on the indexes comment_thread_date_idx and comment_thread_votes_idx: a page costs the same at
    the thousandth comment as at the first, with two queries for the first replies of the page's comments (and
    their count where more follow) and one for `user`'s votes on them. Hidden comments keep their place (the page
    shows a notice instead), and so do their replies. Ordered by votes, a page starts at a comment's current count:
    votes given meanwhile can move a comment across a page's edge."""
    sort = sort if sort in SORTS else "date"
    size = size or THREAD_PAGE
    order, at_or_after = SORTS[sort]
    thread = Comment.objects.filter(content_type=ContentType.objects.get_for_model(target), object_id=target.pk)
    tops = thread.filter(parent__isnull=True)
    first, from_reply = _start(thread, start)
    if first is not None:
        tops = tops.filter(at_or_after(first))
    comments = list(tops.select_related("author").order_by(*order)[: size + 1])
    next_start = comments.pop().pk if len(comments) > size else None
    with_replies(comments, thread.filter(parent__isnull=False), from_reply=from_reply, attribute="thread_replies")
    replies = [reply for comment in comments for reply in comment.thread_replies]
    with_corrections(comments + replies)
    if user is not None and user.is_authenticated:
        votes = dict(
            CommentVote.objects.filter(user=user, comment__in=[c.pk for c in comments + replies]).values_list(
                "comment", "value"
            )
        )
        for comment in comments + replies:
            comment.my_vote = votes.get(comment.pk)
    return ThreadPage(comments, sort, first.pk if first is not None else None, next_start)


def _start(thread, start):
    """The top comment a page starts at, and the reply its replies start at (None: from the first)."""
    try:
        start = int(start)
    except (TypeError, ValueError):
        return None, None
    if not 0 < start < 2**63:
        return None, None
    comment = thread.filter(pk=start).only("pk", "parent", "published_at", "agrees_count").first()
    if comment is not None and comment.parent_id is not None:
        return thread.filter(pk=comment.parent_id).only("pk", "published_at", "agrees_count").first(), comment
    return comment, None


def _at_or_after(reply):
    return Q(published_at__gt=reply.published_at) | Q(published_at=reply.published_at, id__gte=reply.pk)


def with_replies(tops: list, replies, *, from_reply=None, attribute: str, shown: int = REPLIES_SHOWN) -> None:
    """Sets on each of `tops` (comments or arguments) its first `shown` `replies` (a queryset of their model's
    replies, with a `parent` and a `published_at`), oldest first, as `attribute`; for the top of the
    reply `from_reply`, REPLIES_PAGE of them from that one on (and `replies_from`, its id). Where more follow,
    `next_reply` is the first of them (None otherwise) and `more_replies` how many there are, up to
    REPLIES_COUNTED (`more_replies_capped` when there are more).

    Each top's replies are read by a LIMIT of their own, in one UNION query: a window function numbering every
    reply of the page's tops would read all of them, thousands under a busy comment, to show five."""
    paged = from_reply.parent_id if from_reply is not None else None
    limits = {top.pk: REPLIES_PAGE if top.pk == paged else shown for top in tops}
    for top in tops:
        setattr(top, attribute, [])
        top.next_reply, top.more_replies, top.more_replies_capped = None, 0, False
        top.replies_from = from_reply.pk if top.pk == paged else None
    if not tops:
        return
    parts = []
    for top in tops:
        own = replies.filter(parent=top.pk)
        if top.pk == paged:
            own = own.filter(_at_or_after(from_reply))
        parts.append(own.order_by("published_at", "id").values_list("pk", flat=True)[: limits[top.pk] + 1])
    ids = list(parts[0].union(*parts[1:], all=True)) if len(parts) > 1 else list(parts[0])
    by_top = {top.pk: top for top in tops}
    for reply in replies.filter(pk__in=ids).select_related("author").order_by("published_at", "id"):
        top = by_top[reply.parent_id]
        if len(getattr(top, attribute)) < limits[top.pk]:
            getattr(top, attribute).append(reply)
        else:
            top.next_reply = reply
    cut = [top for top in tops if top.next_reply is not None]
    if cut:
        # Each count reads at most REPLIES_COUNTED + 1 entries of the replies' index, all in one query: an exact
        # count of 200,000 replies takes 0.2 s.
        parts, params = [], []
        for top in cut:
            following = replies.filter(parent=top.pk).filter(_at_or_after(top.next_reply)).order_by()
            sql, own = following.values("pk")[: REPLIES_COUNTED + 1].query.sql_with_params()
            parts.append(f"SELECT %s, count(*) FROM ({sql}) AS following")
            params += [top.pk, *own]
        with connections[replies.db].cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            for pk, count in cursor.fetchall():
                by_top[pk].more_replies = min(count, REPLIES_COUNTED)
                by_top[pk].more_replies_capped = count > REPLIES_COUNTED
