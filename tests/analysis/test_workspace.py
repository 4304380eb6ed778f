import pytest
from django.urls import reverse
from django.utils import timezone

from geoparticipation.analysis import indicators
from geoparticipation.analysis.models import CampaignFlag, Tag
from geoparticipation.analysis.selectors import ContributionFilter, crosstab, where_from
from geoparticipation.territory.models import Commune

from .helpers import person, propose
from .test_campaigns import plant_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def tags():
    mobility = Tag.objects.create(name="Mobilité")
    return {"mobility": mobility, "cycling": Tag.objects.create(name="Vélo", parent=mobility)}


def test_an_officer_tags_one_proposal_from_the_list(client, analyst, small_dataset, tags):
    velo = small_dataset["proposals"][0]
    client.force_login(analyst)

    response = client.post(
        "/analyse/", {"tag": tags["cycling"].pk, "action": "apply", "selected": [f"proposal:{velo.pk}"]}
    )

    assert response.status_code == 302
    assert list(velo.analysis_tags.all()) == [tags["cycling"]]
    page = client.get("/analyse/", {"tag": tags["mobility"].pk})
    assert page.context["count"] == 1 and "Mobilité › Vélo" in page.content.decode()


def test_an_officer_tags_every_filtered_contribution_at_once_and_removes_one(client, analyst, small_dataset, tags):
    client.force_login(analyst)

    client.post(
        f"/analyse/?commune={Commune.objects.get(insee='59350').pk}",
        {"tag": tags["mobility"].pk, "action": "apply_all"},
    )

    tagged = {p.title for p in tags["mobility"].proposals.all()} | {
        a.comment for a in tags["mobility"].annotations.all()
    }
    assert tagged == {"Vélo 1", "Motos", "Trou dans la chaussée"}
    motos = small_dataset["proposals"][3]
    client.post("/analyse/", {"tag": tags["mobility"].pk, "action": "remove", "selected": [f"proposal:{motos.pk}"]})
    assert not motos.analysis_tags.exists()


def test_tagging_without_a_checked_contribution_says_what_to_do(client, analyst, small_dataset, tags):
    client.force_login(analyst)

    response = client.post("/analyse/", {"tag": tags["mobility"].pk, "action": "apply"}, follow=True)

    assert "Cochez au moins une contribution" in response.content.decode()
    assert not tags["mobility"].proposals.exists()


def test_the_cross_table_counts_contributions_by_theme_and_home(small_dataset):
    table = crosstab(ContributionFilter(process=small_dataset["process"]), rows="theme", columns="home")

    assert table.cells == {
        ("Mobilité", "Lille"): 2,
        ("Sans thème", "Roubaix"): 1,
        ("Mobilité", "Hors métropole"): 1,
        ("Sans thème", "Non renseigné"): 1,
    }
    assert table.rows == ["Mobilité", "Sans thème"]
    assert table.columns == ["Lille", "Roubaix", "Hors métropole", "Non renseigné"]
    assert table.total == 5 and table.row_totals == {"Mobilité": 3, "Sans thème": 2}


def test_the_cross_table_by_age_and_gender_keeps_the_brackets_in_order(small_dataset):
    table = crosstab(ContributionFilter(), rows="age", columns="gender")

    assert table.rows == ["25 à 34 ans", "35 à 49 ans", "50 à 64 ans", "Non renseigné"]
    assert table.cells[("25 à 34 ans", "Femme")] == 2
    assert table.cells[("Non renseigné", "Non renseigné")] == 1


def test_the_cross_table_by_tag_counts_a_contribution_under_each_of_its_tags(small_dataset, tags):
    velo, _, bus, _ = small_dataset["proposals"]
    tags["mobility"].proposals.add(velo, bus)
    tags["cycling"].proposals.add(velo)

    table = crosstab(ContributionFilter(kind="proposal"), rows="tag", columns="kind")

    assert table.row_totals == {"Mobilité": 2, "Mobilité › Vélo": 1, "Sans étiquette": 2}


def test_where_from_splits_each_commune_by_where_its_authors_live(small_dataset):
    rows, totals = where_from(ContributionFilter(process=small_dataset["process"]))

    by_commune = {row["nom"]: row for row in rows}
    # Lille: Vélo 1 by a resident, Motos from outside, the pothole by someone who did not say.
    assert by_commune["Lille"]["counts"] == [1, 0, 1, 1]
    # Roubaix: Vélo 2 by Alice from Lille (elsewhere in the metropolis), Bus by a resident.
    assert by_commune["Roubaix"]["counts"] == [1, 1, 0, 0]
    assert totals == [2, 1, 1, 1]


def test_the_workspace_pages_answer_an_officer(client, analyst, small_dataset):
    client.force_login(analyst)

    for url in [
        "/analyse/",
        "/analyse/croisement/?rows=tag&columns=month",
        "/analyse/provenance/",
        "/analyse/campagnes/",
        "/analyse/etiquettes/",
        "/analyse/indicateurs/?period=week",
    ]:
        assert client.get(url).status_code == 200, url


def test_an_officer_flags_and_reviews_from_the_workspace(client, analyst, small_dataset):
    plant_campaign(small_dataset["process"], size=12)
    client.force_login(analyst)

    client.post("/analyse/campagnes/", {"process": small_dataset["process"].pk})
    flag = small_dataset["process"].campaign_flags.get(rule="burst")
    page = client.get(f"/analyse/campagnes/{flag.pk}/")
    assert "12 comptes ont été créés" in page.content.decode()
    assert "Les 12 contributions du groupe</caption>" in page.content.decode() and len(page.context["members"]) == 12
    client.post(f"/analyse/campagnes/{flag.pk}/", {"note": "Vu."})
    flag.refresh_from_db()
    assert flag.reviewed_by == analyst


def test_a_detection_for_a_concertation_that_is_not_a_number_looks_everywhere(client, analyst, small_dataset):
    plant_campaign(small_dataset["process"], size=12)
    client.force_login(analyst)

    response = client.post("/analyse/campagnes/", {"process": "plan-climat"})
    assert response.status_code == 302
    assert small_dataset["process"].campaign_flags.filter(rule="burst").exists()


def test_citizens_and_visitors_cannot_reach_the_workspace(client, citizen):
    urls = ["/analyse/", "/analyse/croisement/", "/analyse/provenance/", "/analyse/campagnes/", "/analyse/indicateurs/"]
    for url in urls:
        assert client.get(url)["Location"].startswith(reverse("accounts:login"))
    client.force_login(citizen)
    for url in urls:
        assert client.get(url).status_code == 403
    assert client.post("/analyse/campagnes/").status_code == 403


def test_tags_have_two_levels_only(client, analyst, tags):
    client.force_login(analyst)

    response = client.post("/analyse/etiquettes/", {"name": "Arceaux", "parent": tags["cycling"].pk})

    assert response.status_code == 200 and not Tag.objects.filter(name="Arceaux").exists()
    client.post("/analyse/etiquettes/", {"name": "Arceaux", "parent": tags["mobility"].pk})
    assert str(Tag.objects.get(name="Arceaux")) == "Mobilité › Arceaux"


def test_the_indicators_count_contributions_and_participants_per_commune_and_month(small_dataset):
    communes = {row["nom"]: row for row in indicators.by_commune(process=small_dataset["process"])}
    (month,) = indicators.over_time(period="month", process=small_dataset["process"])
    (row,) = [r for r in indicators.by_process() if r["id"] == small_dataset["process"].pk]

    assert (communes["Lille"]["contributions"], communes["Lille"]["participants"]) == (3, 3)
    assert (communes["Roubaix"]["contributions"], communes["Roubaix"]["participants"]) == (2, 2)
    assert communes["Roubaix"]["per_1000"] == round(2000 / Commune.objects.get(insee="59512").population, 2)
    assert (month["proposals"], month["annotations"], month["participants"]) == (4, 1, 4)
    assert (row["contributions"], row["participants"]) == (5, 4)


def test_the_indicators_and_the_where_from_page_count_a_new_contribution_at_once(client, analyst, small_dataset):
    client.force_login(analyst)
    process = small_dataset["process"]
    before = client.get(f"/analyse/indicateurs/?process={process.pk}")
    where = client.get(f"/analyse/provenance/?process={process.pk}")
    assert before.context["series"][0]["proposals"] == 4 and where.context["totals"] == [2, 1, 1, 1]

    propose(process, person("Nouvelle", home="59350"), "Vélo 3")

    after = client.get(f"/analyse/indicateurs/?process={process.pk}")
    where = client.get(f"/analyse/provenance/?process={process.pk}")
    assert after.context["series"][0]["proposals"] == 5 and where.context["totals"] == [3, 1, 1, 1]
    assert "Chiffres calculés le" in after.content.decode()


def test_the_cross_table_by_tag_follows_a_tagging_at_once(client, analyst, small_dataset, tags):
    client.force_login(analyst)
    url = "/analyse/croisement/?rows=tag&columns=kind"
    assert "Vélo" not in client.get(url).context["table"].rows

    vote = small_dataset["proposals"][0]
    client.post("/analyse/", {"tag": tags["cycling"].pk, "action": "apply", "selected": [f"proposal:{vote.pk}"]})

    table = client.get(url).context["table"]
    assert table.cells[("Mobilité › Vélo", "Proposition")] == 1


def test_thousands_of_flags_are_listed_a_page_at_a_time(client, analyst, process):
    CampaignFlag.objects.bulk_create(
        CampaignFlag(
            process=process,
            rule=CampaignFlag.Rule.DUPLICATES,
            key=f"duplicates:{i}",
            explanation=f"Groupe {i}",
            numbers={"contributions": 5},
            computed_at=timezone.now(),
        )
        for i in range(60)
    )
    client.force_login(analyst)

    first, second = client.get("/analyse/campagnes/"), client.get("/analyse/campagnes/?page=2")

    assert len(first.context["flags"]) == 50 and len(second.context["flags"]) == 10
    assert "page 1 sur 2 (60 groupes)" in first.content.decode()
