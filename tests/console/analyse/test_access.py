"""/analyse/ by role: administrators and concertations' officers open it, each officer analysing only the
contributions of their concertations, on every page, export and tagging; the others get the console's 403 page."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from geoparticipation.analysis.models import CampaignFlag, Tag
from tests.analysis.helpers import ROUBAIX, annotate, person, propose
from tests.analysis.test_exports import xlsx_rows

pytestmark = pytest.mark.django_db

PAGES = [
    "/analyse/",
    "/analyse/croisement/?rows=kind&columns=commune",
    "/analyse/provenance/",
    "/analyse/export.xlsx",
    "/analyse/export.ods",
    "/analyse/campagnes/",
    "/analyse/etiquettes/",
    "/analyse/indicateurs/",
]


@pytest.fixture(autouse=True)
def no_kept_summary():
    cache.clear()


@pytest.fixture
def two_concertations(process, other_process):
    """Two proposals and an annotation in « plan-climat » (A), two proposals in « mobilite » (B), a flag in each."""
    alice = person("Alice", home="59350")
    bruno = person("Bruno", home="59512")
    a = [
        propose(process, alice, "Arbres rue Nationale"),
        propose(process, bruno, "Toits végétalisés", where=ROUBAIX),
        annotate(process, bruno, "Îlot de chaleur ici"),
    ]
    b = [propose(other_process, alice, "Piste cyclable Solférino"), propose(other_process, bruno, "Tram vers Roubaix")]
    flags = {
        name: CampaignFlag.objects.create(
            process=owner,
            rule="duplicates",
            key=name,
            explanation=f"Textes identiques ({name})",
            computed_at=timezone.now(),
        )
        for name, owner in (("a", process), ("b", other_process))
    }
    flags["a"].proposals.add(a[0])
    flags["b"].proposals.add(b[0])
    return {"a": a, "b": b, "flags": flags, "tag": Tag.objects.create(name="Végétalisation")}


def urls(data):
    return [*PAGES, f"/analyse/campagnes/{data['flags']['a'].pk}/"]


def test_anonymous_visitors_go_to_the_login_page(client, two_concertations):
    login = reverse("accounts:login")
    for url in urls(two_concertations):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(login), url
    for url in ["/analyse/", "/analyse/etiquettes/", "/analyse/campagnes/"]:
        assert client.post(url, {"name": "Arbres"})["Location"].startswith(login)


@pytest.mark.parametrize("who", ["citizen", "commune_officer", "officer"])
def test_citizens_commune_officers_and_staff_without_a_role_get_the_403_page(client, request, who, two_concertations):
    client.force_login(request.getfixturevalue(who))
    for url in urls(two_concertations):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "réservée aux agents chargés d" in response.content.decode()
    tag, proposal = two_concertations["tag"], two_concertations["a"][0]
    response = client.post("/analyse/", {"tag": tag.pk, "action": "apply", "selected": f"proposal:{proposal.pk}"})
    assert response.status_code == 403
    assert client.post("/analyse/etiquettes/", {"name": "Arbres"}).status_code == 403
    assert client.post("/analyse/campagnes/").status_code == 403
    assert client.post(f"/analyse/campagnes/{two_concertations['flags']['a'].pk}/").status_code == 403
    assert not tag.proposals.exists() and not Tag.objects.filter(name="Arbres").exists()
    assert not CampaignFlag.objects.filter(reviewed_at__isnull=False).exists()


@pytest.mark.parametrize("who", ["administrator", "process_officer"])
def test_administrators_and_the_concertations_officer_open_every_page(client, request, who, two_concertations):
    client.force_login(request.getfixturevalue(who))
    for url in urls(two_concertations):
        assert client.get(url).status_code == 200, url


def test_another_concertations_officer_opens_the_pages_but_not_a_flag_of_a(client, other_officer, two_concertations):
    client.force_login(other_officer)
    for url in PAGES:
        assert client.get(url).status_code == 200, url
    flag = two_concertations["flags"]["a"]
    assert client.get(f"/analyse/campagnes/{flag.pk}/").status_code == 404
    assert client.post(f"/analyse/campagnes/{flag.pk}/", {"note": "vu"}).status_code == 404
    assert client.get(f"/analyse/campagnes/?process={flag.process_id}").status_code == 404
    flag.refresh_from_db()
    assert flag.reviewed_at is None


def test_an_officer_lists_only_the_contributions_of_their_concertation(client, process_officer, two_concertations):
    client.force_login(process_officer)

    page = client.get("/analyse/").content.decode()

    assert "Arbres rue Nationale" in page and "Îlot de chaleur ici" in page
    assert "Piste cyclable" not in page and "Tram vers Roubaix" not in page
    assert "<strong>3</strong> contributions" in page
    # The concertation filter offers theirs only.
    assert "Concertation mobilite" not in page


def test_a_forged_concertation_gives_an_error_and_the_officers_own_rows(
    client, process_officer, two_concertations, other_process
):
    client.force_login(process_officer)

    page = client.get("/analyse/", {"process": other_process.pk}).content.decode()

    assert "Sélectionnez un choix valide" in page
    assert "Piste cyclable" not in page and "Tram vers Roubaix" not in page
    assert client.get("/analyse/export.xlsx", {"process": other_process.pk}).status_code == 400
    table = client.get("/analyse/croisement/", {"process": other_process.pk, "rows": "kind", "columns": "commune"})
    assert table.context["table"].total == 3


def test_the_cross_table_and_the_where_from_counts_are_the_officers_even_after_an_administrators(
    client, administrator, process_officer, two_concertations
):
    query = {"rows": "kind", "columns": "commune"}
    client.force_login(administrator)
    assert client.get("/analyse/croisement/", query).context["table"].total == 5
    assert sum(client.get("/analyse/provenance/").context["totals"]) == 5

    client.force_login(process_officer)
    table = client.get("/analyse/croisement/", query).context["table"]
    where_from = client.get("/analyse/provenance/").context

    assert table.total == 3
    assert table.cells == {("Proposition", "Lille"): 1, ("Proposition", "Roubaix"): 1, ("Annotation", "Lille"): 1}
    assert sum(where_from["totals"]) == 3


def test_the_export_holds_the_officers_rows_only(client, process_officer, two_concertations):
    client.force_login(process_officer)

    response = client.get("/analyse/export.xlsx")
    rows = xlsx_rows(b"".join(response.streaming_content))
    text = " ".join(str(cell) for row in rows for cell in row if cell is not None)

    assert len(rows) == 1 + 3
    assert "Arbres rue Nationale" in text and "Piste cyclable" not in text and "Tram vers Roubaix" not in text
    assert "mes-concertations" in response["Content-Disposition"]


def test_the_indicators_count_the_officers_concertation_only(client, administrator, process_officer, two_concertations):
    client.force_login(administrator)
    assert sum(row["proposals"] for row in client.get("/analyse/indicateurs/").context["series"]) == 4

    client.force_login(process_officer)
    context = client.get("/analyse/indicateurs/").context

    assert [row["title"] for row in context["by_process"]] == ["Concertation plan-climat"]
    assert sum(row["proposals"] for row in context["series"]) == 2
    communes = {row["nom"]: row["contributions"] for row in context["by_commune"]}
    assert communes["Lille"] == 2 and communes["Roubaix"] == 1
    assert list(context["processes"]) == [process_officer.console_roles.get().process]


def test_tagging_touches_only_the_officers_contributions(client, process_officer, two_concertations, other_process):
    client.force_login(process_officer)
    tag = two_concertations["tag"]
    (arbres, toits, ilot), (piste, tram) = two_concertations["a"], two_concertations["b"]
    tag.proposals.add(tram)

    client.post(
        "/analyse/", {"tag": tag.pk, "action": "apply", "selected": [f"proposal:{arbres.pk}", f"proposal:{piste.pk}"]}
    )
    client.post("/analyse/", {"tag": tag.pk, "action": "remove", "selected": [f"proposal:{tram.pk}"]})
    client.post(f"/analyse/?process={other_process.pk}", {"tag": tag.pk, "action": "apply_all"})

    assert set(tag.proposals.all()) == {arbres, toits, tram}
    assert set(tag.annotations.all()) == {ilot}


def test_a_concertations_officer_creates_a_shared_tag(client, other_officer, db):
    client.force_login(other_officer)

    response = client.post("/analyse/etiquettes/", {"name": "Sécurité routière"})

    assert response.status_code == 302
    assert Tag.objects.filter(name="Sécurité routière", parent=None).exists()


def test_the_flags_list_and_the_detection_keep_to_the_officers_concertation(
    client, process_officer, two_concertations, other_process
):
    client.force_login(process_officer)

    page = client.get("/analyse/campagnes/").content.decode()
    assert "Textes identiques (a)" in page and "Textes identiques (b)" not in page
    assert client.post("/analyse/campagnes/", {"process": other_process.pk}).status_code == 404
    # A detection over « Toutes » recomputes theirs only: B's unreviewed flag, whose group is not found again, stays.
    assert client.post("/analyse/campagnes/", {"process": ""}).status_code == 302
    assert CampaignFlag.objects.filter(key="b").exists() and not CampaignFlag.objects.filter(key="a").exists()


def test_each_row_links_to_the_consoles_page_of_the_contribution(client, process_officer, two_concertations):
    client.force_login(process_officer)
    arbres, ilot = two_concertations["a"][0], two_concertations["a"][2]

    page = client.get("/analyse/").content.decode()

    assert f'href="/gestion/moderation/proposition/{arbres.pk}/"' in page
    assert f'href="/gestion/moderation/annotation/{ilot.pk}/"' in page
    assert "/admin/" not in page
    assert client.get(f"/gestion/moderation/proposition/{arbres.pk}/").status_code == 200


def test_the_officers_workspace_reads_a_page_in_as_many_queries_for_three_rows_as_for_fifty(
    client, process_officer, process, two_concertations
):
    client.force_login(process_officer)
    client.get("/analyse/")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/analyse/", {"since": "2000-01-01"}).status_code == 200
        return len(captured)

    few = queries()
    author = person("Nombreux")
    for i in range(30):
        # Both kinds on the page, as in the first one.
        recently = timezone.now() - datetime.timedelta(minutes=i)
        propose(process, author, f"Idée {i}", published=recently)
        annotate(process, author, f"Remarque {i}", published=recently)
    assert queries() == few
