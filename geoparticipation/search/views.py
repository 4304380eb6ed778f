"""/recherche/: every kind of content the visitor may see, grouped by kind, most relevant first."""

from django.core.paginator import Paginator
from django.shortcuts import render

from .forms import SearchForm
from .highlight import highlighted
from .kinds import BY_KEY, COUNTED, KINDS, RANKED

# Results of each kind on the page for all kinds; the link « Voir les N … » opens the kind's own pages.
PER_KIND = 5
PAGE_SIZE = 20


def _result(kind, row):
    snippet = getattr(row, "headline_snippet", "")
    return {
        "title": highlighted(row.headline_title),
        "snippet": highlighted(snippet) if snippet and snippet.strip() else "",
        "url": kind.url(row),
        "context": kind.context(row),
    }


def _group(kind, count, rows):
    return {
        "kind": kind,
        "count": min(count, COUNTED),
        "more": count > COUNTED,
        "count_label": kind.count_label(count),
        "results": [_result(kind, row) for row in rows],
    }


def search(request):
    form = SearchForm(request.GET)
    context = {"form": form, "words": "", "groups": [], "kind": None, "page": None}
    if not form.is_valid():
        # The page is drawn again with what was typed and the message next to the box.
        context["words"] = request.GET.get("q", "")
        return render(request, "web/search.html", context, status=400)
    words = form.cleaned_data["q"]
    context["words"] = words
    kind = BY_KEY.get(form.cleaned_data["type"])
    context["kind"] = kind
    if not words:
        return render(request, "web/search.html", context)
    if kind:
        count = kind.count(words, request.user)
        paginator = Paginator(kind.results(words, request.user), PAGE_SIZE)
        # Counted up to COUNTED, ranked up to RANKED: the pages go that far and no further.
        paginator.count = min(count, RANKED)
        page = paginator.get_page(request.GET.get("page"))
        context["page"] = page
        context["groups"] = [_group(kind, count, page.object_list)]
    else:
        for each in KINDS:
            count = each.count(words, request.user)
            if count:
                context["groups"].append(_group(each, count, each.results(words, request.user)[:PER_KIND]))
    context["per_kind"] = PER_KIND
    return render(request, "web/search.html", context)
