"""Reads of participation data that serve a page and the API alike."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from geoparticipation.moderation.selectors import with_corrections

from .models import Comment, CommentVote

THREAD_PAGE = 50

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
    """A page of a thread's top comments, each with all its replies (`thread_replies`), oldest first."""

    comments: list[Comment]
    sort: str
    #: the top comment the page starts at, None for the first page
    start: int | None
    #: the top comment the next page starts at
    next_start: int | None


def comment_thread(target, *, sort: str = "date", start=None, user=None, size: int | None = None) -> ThreadPage:
    """The page of `target`'s thread that starts at the top comment `start` (an id; a reply's leads to its top
    comment; an unknown one to the first page), in `sort` order (SORTS: oldest first, or most agreed first).

    Keyset paging on the indexes comment_thread_date_idx and comment_thread_votes_idx: a page costs the same at
    the thousandth comment as at the first, with one query for the replies of the page's comments and one for
    `user`'s votes on them. Hidden comments keep their place (the page shows a notice instead), and so do their
    replies. Ordered by votes, a page starts at a comment's current count: votes given meanwhile can move a
    comment across a page's edge."""
    sort = sort if sort in SORTS else "date"
    size = size or THREAD_PAGE
    order, at_or_after = SORTS[sort]
    thread = Comment.objects.filter(content_type=ContentType.objects.get_for_model(target), object_id=target.pk)
    tops = thread.filter(parent__isnull=True)
    first = _start(thread, start)
    if first is not None:
        tops = tops.filter(at_or_after(first))
    comments = list(tops.select_related("author").order_by(*order)[: size + 1])
    next_start = comments.pop().pk if len(comments) > size else None
    replies = list(
        thread.filter(parent__in=[c.pk for c in comments]).select_related("author").order_by("published_at", "id")
    )
    with_corrections(comments + replies)
    by_parent = {c.pk: c for c in comments}
    for comment in comments:
        comment.thread_replies = []
    for reply in replies:
        by_parent[reply.parent_id].thread_replies.append(reply)
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
    try:
        start = int(start)
    except (TypeError, ValueError):
        return None
    if not 0 < start < 2**63:
        return None
    comment = thread.filter(pk=start).only("pk", "parent", "published_at", "agrees_count").first()
    if comment is not None and comment.parent_id is not None:
        comment = thread.filter(pk=comment.parent_id).only("pk", "published_at", "agrees_count").first()
    return comment
