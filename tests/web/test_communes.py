"""The communes page without a script: the GET search, the counts, the French and English thousands."""

import re

from django.utils import translation

from ..factories import make_proposal


def visible_rows(page):
    return re.findall(r'<tr data-folded="[^"]*">(.*?)</tr>', page)


def test_the_search_form_filters_the_list_without_accents_or_case(client, db):
    page = client.get("/communes/", {"q": "MARCQ EN BAROEUL"}).content.decode()
    (row,) = visible_rows(page)
    assert "Marcq-en-Barœul" in row
    assert 'value="MARCQ EN BAROEUL"' in page  # the typed text is kept
    assert "1 commune<" in page
    assert '<tr id="commune-none" hidden>' in page

    page = client.get("/communes/", {"q": "Paris"}).content.decode()
    assert visible_rows(page) == []
    assert '<tr id="commune-none">' in page and "0 communes<" in page

    page = client.get("/communes/", {"q": "lezennes"}).content.decode()
    assert [re.search(r">([^<]+)</a>", r)[1] for r in visible_rows(page)] == ["Lezennes"]


def test_the_list_counts_public_contributions_and_groups_thousands_with_a_narrow_space(client, proposal):
    make_proposal(proposal.process, proposal.author, title="Un second abri")
    page = client.get("/communes/").content.decode()

    (lille,) = [r for r in visible_rows(page) if ">Lille</a>" in r]
    assert "<td>238\u202f246</td><td>2</td><td>0</td><td>0,01</td>" in lille


def test_english_groups_thousands_with_a_comma(client, db):
    with translation.override("en"):
        page = client.get("/communes/59350/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "238,246 inhabitants" in page
