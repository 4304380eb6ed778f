"""A paginator for lists whose exact length would cost too much to count."""

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import BooleanField, Case, Q, When
from django.db.models.expressions import RawSQL
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    """Counts at most `cap` + 1 of `matches` (the list's rows as a queryset, by default `object_list`): up to `cap`
    it is Django's paginator; beyond, `more` is true, the total and the number of pages are unknown, and a page
    knows whether another follows by reading one row past its end.

    Django's paginator counts every row to number its pages (a frequent word among a million proposals: 1–2 s);
    this one never reads more than the cap or the page's rows, so the list can go on page after page."""

    def __init__(self, object_list, per_page, *, cap, matches=None):
        super().__init__(object_list, per_page)
        self.cap = cap
        self.matches = object_list if matches is None else matches

    @cached_property
    def count(self):
        # Counted unordered: the order of a page (random, by supports) would sort every match first.
        return self.matches.order_by()[: self.cap + 1].count()

    @property
    def more(self):
        return self.count > self.cap

    def validate_number(self, number):
        if not self.more:
            return super().validate_number(number)
        try:
            number = int(number)
        except (TypeError, ValueError, OverflowError):
            raise PageNotAnInteger from None
        if number < 1:
            raise EmptyPage
        return number

    def page(self, number):
        number = self.validate_number(number)
        if not self.more:
            return super().page(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows and number > 1:
            raise EmptyPage
        return _OpenPage(rows[: self.per_page], number, self, has_next=len(rows) > self.per_page)

    def get_page(self, number):
        if not self.more:
            return super().get_page(number)
        try:
            return self.page(number)
        except (PageNotAnInteger, EmptyPage):
            # A page beyond the end has no known last page to fall back to, as Django's does: the first one.
            return self.page(1)


class _OpenPage(Page):
    """A page of a list whose end is not known: whether a next page exists was read with it."""

    def __init__(self, object_list, number, paginator, *, has_next):
        super().__init__(object_list, number, paginator)
        self._has_next = has_next

    def has_next(self):
        return self._has_next

    def end_index(self):
        return self.start_index() + len(self) - 1


class Keyset:
    """A list read in `laps` (the rows of `rows` that meet each lap's condition, in the order of `fields`), one lap
    after the other: from the row of a cursor on (`page`), the page's ids come from a range of the order's index,
    however deep the page; as a Paginator reads it (a length and slices), the ids before the page and its own are
    read from the index alone (no row of the pages before is fetched or joined), then its rows by id.

    A cursor's row is looked up among `anchors` (the list's rows, hidden or filtered out ones included), so that a
    row hidden between two clicks, or a cursor kept across a change of filter, still marks where a page starts."""

    def __init__(self, rows, fields, *, laps=None, anchors):
        self.rows = rows
        self.fields = fields
        self.laps = laps or [Q()]
        self.anchors = anchors

    def count(self):
        return self.rows.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, window: slice):
        start, size = window.start or 0, window.stop - (window.start or 0)
        ids = []
        for lap in self.laps:
            found = list(self._ids(self.rows.filter(lap), forward=True)[start : start + size - len(ids)])
            # The next lap starts where this one ended: known from the ids read, unless the page starts beyond it.
            start = 0 if found else start - self.rows.filter(lap).count()
            ids += found
            if len(ids) == size:
                break
        return self._rows(ids)

    def _rows(self, ids):
        found = self.rows.in_bulk(ids)
        return [found[pk] for pk in ids]

    def _position(self, anchor):
        """The lap of the row of id `anchor` and its values of `fields`; None if it is not one of `anchors`."""
        names = [field.lstrip("-") for field in self.fields]
        found = self.anchors.filter(pk=anchor)
        if len(self.laps) > 1:
            found = found.annotate(_lap=Case(*(When(lap, then=i) for i, lap in enumerate(self.laps)), default=None))
            row = found.values_list("_lap", *names).first()
        else:
            row = found.values_list(*names).first()
            row = row and (0, *row)
        if row is None or None in row:
            return None
        return row[0], list(row[1:])

    def _seek(self, lap, key, *, forward):
        """The ids of `lap`'s rows after the row of `key` in the list's order (before it if not `forward`)."""
        model = self.rows.model
        columns = ", ".join(
            f'"{model._meta.db_table}"."{model._meta.get_field(f.lstrip("-")).column}"' for f in self.fields
        )
        descending = self.fields[0].startswith("-")
        comparison = "<" if descending == forward else ">"
        where = RawSQL(f"({columns}) {comparison} ({', '.join(['%s'] * len(key))})", key, output_field=BooleanField())
        return self._ids(self.rows.filter(self.laps[lap]).filter(where), forward=forward)

    def _ids(self, rows, *, forward):
        fields = self.fields if forward else [f[1:] if f.startswith("-") else f"-{f}" for f in self.fields]
        return rows.order_by(*fields).values_list("pk", flat=True)

    def page(self, size, *, after=None, before=None):
        """Up to `size` rows after the row of id `after` (or before that of `before`), whether rows come before and
        after them; None if the cursor's row is not one of `anchors`."""
        position = self._position(after or before)
        if position is None:
            return None
        lap, key = position
        forward = bool(after)
        ids = list(self._seek(lap, key, forward=forward)[: size + 1])
        others = range(lap + 1, len(self.laps)) if forward else range(lap - 1, -1, -1)
        for other in others:
            if len(ids) > size:
                break
            ids += self._ids(self.rows.filter(self.laps[other]), forward=forward)[: size + 1 - len(ids)]
        more = len(ids) > size
        rows = self._rows(ids[:size] if forward else ids[:size][::-1])
        return (rows, True, more) if forward else (rows, more, True)


class SeekPage(Page):
    """A page of a list read from a cursor: its number is the one the link carried, for people to read."""

    def __init__(self, object_list, number, paginator, *, has_previous, has_next):
        super().__init__(object_list, number, paginator)
        self._has_previous = has_previous
        self._has_next = has_next

    def has_previous(self):
        return self._has_previous

    def has_next(self):
        return self._has_next

    def previous_page_number(self):
        return max(self.number - 1, 1)

    def next_page_number(self):
        return self.number + 1

    def end_index(self):
        return self.start_index() + len(self) - 1
