"""A paginator for lists whose exact length would cost too much to count."""

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
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
