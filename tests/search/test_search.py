"""/recherche/ and the proposal list's text filter: the same words, accents and case aside; only what may be seen."""

import datetime
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from geoparticipation.accounts.models import User
from geoparticipation.news.models import Article
from geoparticipation.participation import services
from geoparticipation.participation.models import Proposal
from geoparticipation.search.kinds import BY_KEY, COUNTED

from ..factories import make_meeting, make_process, make_proposal

pytestmark = pytest.mark.django_db


def search(client, q, **params):
    return client.get("/recherche/", {"q": q, **params})


def found_titles(response, kind="propositions"):
    groups = {group["kind"].key: group for group in response.context["groups"]}
    if kind not in groups:
        return []
    return [html.unescape(re.sub("</?mark>", "", result["title"])) for result in groups[kind]["results"]]


@pytest.fixture
def bikes(process, citizen):
    make_proposal(process, citizen, title="Des arceaux à vélos", body="Devant la mairie.")
    make_proposal(process, citizen, title="Piste cyclable", body="Un vélo doit pouvoir passer sans danger.")
    make_proposal(process, citizen, title="Plus de bancs", body="Pour s'asseoir au soleil.")


@pytest.mark.parametrize("q", ["vélo", "velo", "Vélos", "VELO", "VÉLOS"])
def test_accents_and_case_do_not_change_what_is_found(client, bikes, q):
    response = search(client, q)
    assert response.status_code == 200
    assert sorted(found_titles(response)) == ["Des arceaux à vélos", "Piste cyclable"]


def test_french_stemming_finds_the_singular_from_the_plural(client, process, citizen):
    make_proposal(process, citizen, title="Aménagement de la place", body="Des arbres.")
    assert found_titles(search(client, "aménagements")) == ["Aménagement de la place"]
    assert found_titles(search(client, "amenager")) == ["Aménagement de la place"]


@pytest.mark.parametrize("q", ["vél", "Vel", "piste cycl"])
def test_the_last_word_is_found_as_it_is_being_typed(client, bikes, q):
    titles = found_titles(search(client, q))
    assert titles and set(titles) <= {"Des arceaux à vélos", "Piste cyclable"}


def test_a_finished_word_or_a_quoted_one_is_not_a_prefix(client, process, citizen):
    make_proposal(process, citizen, title="Un banc", body="Sous les arbres.")
    make_proposal(process, citizen, title="Une banque alimentaire", body="Près du marché.")
    assert found_titles(search(client, "banc ")) == ["Un banc"]
    assert found_titles(search(client, '"banc"')) == ["Un banc"]
    assert sorted(found_titles(search(client, "ban"))) == ["Un banc", "Une banque alimentaire"]


def test_the_proposal_list_filter_and_the_api_use_the_same_search(client, bikes, process):
    page = client.get(f"/concertations/{process.slug}/", {"q": "velo"})
    listed = [p.title for p in page.context["page"]]
    assert sorted(listed) == ["Des arceaux à vélos", "Piste cyclable"]
    assert page.context["page"].paginator.count == 2
    api = client.get("/api/v1/proposals/", {"q": "VELOS", "process": process.slug}).json()
    assert sorted(f["properties"]["title"] for f in api["features"]) == ["Des arceaux à vélos", "Piste cyclable"]


def test_results_are_grouped_by_kind_with_their_counts(client, bikes, process):
    process.title = "Plan vélo de la métropole"
    process.save()
    make_meeting(process, title="Atelier réparation de vélos", description="Apportez votre vélo.")
    response = search(client, "vélo")
    groups = response.context["groups"]
    assert [g["kind"].key for g in groups] == ["concertations", "propositions", "reunions"]
    assert [g["count"] for g in groups] == [1, 2, 1]
    page = response.content.decode()
    assert 'Concertations <span class="count">(1)</span>' in page
    assert 'Propositions <span class="count">(2)</span>' in page
    assert 'Réunions <span class="count">(1)</span>' in page
    assert f'href="/concertations/{process.slug}/reunions/#reunion-' in page


def test_communes_are_found_without_accents_hyphens_or_capitals(client, db):
    assert found_titles(search(client, "lezennes"), "communes") == ["Lezennes"]
    assert found_titles(search(client, "Villeneuve d'Ascq"), "communes") == ["Villeneuve-d'Ascq"]
    assert found_titles(search(client, "marcq en baroeul"), "communes") == ["Marcq-en-Barœul"]


def test_the_title_ranks_before_the_body(client, process, citizen):
    make_proposal(process, citizen, title="Des bancs", body="Et un parking vélo à côté.")
    make_proposal(process, citizen, title="Un parking vélo", body="Couvert.")
    assert found_titles(search(client, "vélo")) == ["Un parking vélo", "Des bancs"]


def test_matched_words_are_marked_and_the_citizens_text_is_escaped(client, process, citizen):
    make_proposal(process, citizen, title="<script>alert(1)</script> vélo", body="<img src=x onerror=alert(2)> vélo")
    page = search(client, "velo").content.decode()
    assert "<script>alert(1)" not in page
    assert "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>vélo</mark>" in page
    assert "onerror=alert(2)&gt; <mark>vélo</mark>" in page


def test_a_marker_typed_by_a_citizen_is_dropped_not_turned_into_markup(client, process, citizen):
    make_proposal(process, citizen, title="Vélo \x02<b>gras\x03", body="Texte.")
    page = search(client, "velo").content.decode()
    assert "<mark>Vélo</mark> &lt;b&gt;gras</a>" in page
    assert "<b>" not in page


@pytest.mark.parametrize(
    "q", ['"vélo', "vélo & banc", "vélo | banc", "!vélo", "vél:*", "'", "&|!():*<->", "-vélo", "vélo or banc"]
)
def test_operators_and_quotes_never_break_the_query(client, bikes, q):
    response = search(client, q)
    assert response.status_code == 200
    response = client.get("/concertations/plan-climat/", {"q": q})
    assert response.status_code == 200


def test_quotes_search_the_exact_words_and_or_widens(client, bikes):
    assert found_titles(search(client, '"piste cyclable"')) == ["Piste cyclable"]
    assert sorted(found_titles(search(client, "bancs or arceaux"))) == ["Des arceaux à vélos", "Plus de bancs"]


def test_no_result_says_so_with_a_hint(client, bikes):
    response = search(client, "trottinette")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Aucun résultat pour « trottinette »." in page
    assert "Vérifiez l'orthographe" in page


def test_only_stop_words_find_nothing_without_an_error(client, bikes):
    response = search(client, "le de la")
    assert response.status_code == 200
    assert "Aucun résultat pour « le de la »." in response.content.decode()


def test_an_empty_search_asks_for_words(client, db):
    for params in ({}, {"q": ""}, {"q": "   "}):
        response = client.get("/recherche/", params)
        assert response.status_code == 200
        assert "Saisissez un ou plusieurs mots" in response.content.decode()
        assert response.context["groups"] == []


def test_a_search_too_long_is_refused_with_the_text_kept(client, bikes):
    typed = "vélo " * 50
    response = search(client, typed)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Votre recherche est trop longue : 200 caractères au plus (elle en a 249)." in page
    assert 'value="' + typed.strip() in page


def test_an_unknown_kind_is_refused_and_unknown_parameters_are_ignored(client, bikes):
    response = search(client, "vélo", type="tout")
    assert response.status_code == 400
    kinds = "concertations, propositions, debats, arguments, reunions, actualites, communes"
    assert f"Type de contenu inconnu : choisissez parmi {kinds}." in response.content.decode()
    response = search(client, "vélo", couleur="bleu", page="zz")
    assert response.status_code == 200
    assert len(found_titles(response)) == 2


def test_a_kind_has_its_own_pages_linked_from_the_overview(client, process, citizen):
    for n in range(27):
        make_proposal(process, citizen, title=f"Station vélo n° {n}", body="Gare.")
    overview = search(client, "vélo").content.decode()
    assert "Voir les 27 propositions" in overview
    assert len(found_titles(search(client, "vélo"))) == 5
    first = search(client, "vélo", type="propositions")
    assert len(found_titles(first)) == 20
    assert "Page 1 sur 2" in first.content.decode()
    second = search(client, "vélo", type="propositions", page=2)
    assert len(found_titles(second)) == 7
    assert set(found_titles(first)).isdisjoint(found_titles(second))


def test_counts_stop_at_the_cap(process, citizen):
    rows = [
        Proposal(process=process, author=citizen, title="Vélo", body="x", geom=p.geom, published_at=p.published_at)
        for p in [make_proposal(process, citizen)] * (COUNTED + 5)
    ]
    Proposal.objects.bulk_create(rows)
    assert BY_KEY["propositions"].count("vélo", citizen) == COUNTED + 1


class TestVisibility:
    """Hidden, unpublished and private content is never found; members find their private concertation's."""

    @pytest.fixture
    def officer_hides(self, officer):
        def hide(target):
            services.content_hide(target=target, officer=officer, category="spam", reason="Publicité.")

        return hide

    def test_hidden_and_unpublished_proposals_are_never_found(self, client, process, citizen, officer_hides):
        officer_hides(make_proposal(process, citizen, title="Vélo caché"))
        Proposal.objects.filter(pk=make_proposal(process, citizen, title="Vélo brouillon").pk).update(published_at=None)
        make_proposal(process, citizen, title="Vélo visible")
        assert found_titles(search(client, "velo")) == ["Vélo visible"]
        client.force_login(citizen)
        assert found_titles(search(client, "velo")) == ["Vélo visible"]
        listed = client.get(f"/concertations/{process.slug}/", {"q": "velo"}).context["page"]
        assert [p.title for p in listed] == ["Vélo visible"]

    def test_the_corrected_text_is_searched_never_the_original(self, client, process, citizen, officer):
        proposal = make_proposal(process, citizen, title="Vélo", body="Appelez-moi au TELEPHONE-SECRET.")
        services.content_correct(
            target=proposal, officer=officer, texts={"body": "Appelez-moi."}, category="personal_data", reason="N°"
        )
        assert found_titles(search(client, "TELEPHONE-SECRET")) == []
        assert found_titles(search(client, "appelez")) == ["Vélo"]
        api = client.get("/api/v1/proposals/", {"q": "TELEPHONE-SECRET"}).json()
        assert api["features"] == []

    def test_a_private_concertation_is_found_by_its_members_only(self, client, citizen):
        private = make_process("atelier-prive", is_private=True)
        private.title = "Atelier vélo privé"
        private.save()
        private.members.add(citizen)
        make_proposal(private, citizen, title="Vélo des membres")
        make_meeting(private, title="Réunion vélo des membres")
        outsider = User.objects.create_user("dominique@example.org", "Dom", "un-mot-de-passe-solide")
        for visitor in (None, outsider):
            if visitor:
                client.force_login(visitor)
            response = search(client, "velo")
            assert response.context["groups"] == []
            assert "Atelier vélo privé" not in response.content.decode()
        client.force_login(citizen)
        response = search(client, "velo")
        assert found_titles(response, "concertations") == ["Atelier vélo privé"]
        assert found_titles(response) == ["Vélo des membres"]
        assert found_titles(response, "reunions") == ["Réunion vélo des membres"]
        # The REST API reads the published layers: nothing private there, member or not.
        assert client.get("/api/v1/proposals/", {"q": "velo"}).json()["features"] == []

    def test_an_unpublished_concertation_and_its_content_are_not_found(self, client, citizen):
        draft = make_process("brouillon")
        make_proposal(draft, citizen, title="Vélo du brouillon")
        draft.title = "Brouillon vélo"
        draft.published = False
        draft.save()
        client.force_login(citizen)
        assert search(client, "velo").context["groups"] == []


def test_the_text_search_configuration_is_immutable_and_indexed(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT to_tsvector('french_unaccent', 'Les Vélos ÉLECTRIQUES')"
            " = to_tsvector('french_unaccent', 'les velos electriques')"
        )
        assert cursor.fetchone()[0] is True
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'proposal_search_idx'")
        assert "gin" in cursor.fetchone()[0]


def test_the_page_speaks_english_to_an_english_browser(client, bikes):
    response = client.get("/recherche/", {"q": "trottinette"}, headers={"accept-language": "en"})
    assert "No results for “trottinette”." in response.content.decode()
    response = client.get("/recherche/", {"q": "vélo", "type": "x"}, headers={"accept-language": "en"})
    assert response.status_code == 400
    kinds = "concertations, propositions, debats, arguments, reunions, actualites, communes"
    assert f"Unknown kind of content: choose among {kinds}." in response.content.decode()
    assert (
        "2 proposals"
        in client.get("/recherche/", {"q": "vélo"}, headers={"accept-language": "en"}).context["groups"][0][
            "count_label"
        ]
    )


def test_more_than_the_cap_reads_plus_de_1_000(client, process, citizen):
    proposal = make_proposal(process, citizen)
    Proposal.objects.bulk_create(
        Proposal(
            process=process,
            author=citizen,
            title="Vélo",
            body="x",
            geom=proposal.geom,
            published_at=proposal.published_at,
        )
        for _ in range(COUNTED)
    )
    page = search(client, "vélo").content.decode()
    assert "Propositions (plus de 1\u202f000)" in page  # French thousands


def test_news_are_found_and_drafts_or_private_news_are_not(client, process, citizen):
    yesterday = timezone.now() - datetime.timedelta(days=1)
    private = make_process("atelier-prive", is_private=True)
    for slug, fields in {
        "velo-public": {"process": process},
        "velo-brouillon": {"published": False},
        "velo-futur": {"published_at": timezone.now() + datetime.timedelta(days=2)},
        "velo-prive": {"process": private},
    }.items():
        Article.objects.create(
            **{"slug": slug, "title": f"Les vélos ({slug})", "body": "Des arceaux.", "published": True}
            | {"published_at": yesterday}
            | fields
        )
    response = search(client, "velo")
    assert found_titles(response, "actualites") == ["Les vélos (velo-public)"]
    group = next(group for group in response.context["groups"] if group["kind"].key == "actualites")
    assert group["results"][0]["url"] == "/actualites/velo-public/"
    private.members.add(citizen)
    client.force_login(citizen)
    assert sorted(found_titles(search(client, "velo"), "actualites")) == [
        "Les vélos (velo-prive)",
        "Les vélos (velo-public)",
    ]


def test_an_edited_article_is_found_by_its_new_words_from_its_index(client, process, citizen):
    article = Article.objects.create(
        slug="travaux", title="Les travaux", body="Des arceaux.", published=True, published_at=timezone.now()
    )
    assert found_titles(search(client, "tramway"), "actualites") == []
    article.body = "Le tramway passera rue Nationale."
    article.save()
    assert found_titles(search(client, "tramway"), "actualites") == ["Les travaux"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'article_search_idx'")
        assert "gin" in cursor.fetchone()[0]


def test_the_search_page_reads_as_many_queries_for_forty_news_as_for_one(client, process, citizen):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert search(client, "velo").status_code == 200
        return len(captured)

    def publish(n):
        Article.objects.create(
            slug=f"velo-{n}", title=f"Le vélo, épisode {n}", body="Des arceaux.", process=process, published=True
        )

    publish(0)
    one = queries()
    for n in range(1, 40):
        publish(n)
    assert queries() == one
