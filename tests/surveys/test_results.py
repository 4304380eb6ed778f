import re

from ..factories import GRAND_PLACE_LILLE, MAIRIE_ROUBAIX
from .factories import FREE_TEXT, respondents


def results_page(client, survey):
    response = client.get(f"/concertations/{survey.process.slug}/questionnaires/{survey.slug}/resultats/")
    assert response.status_code == 200
    return response.content.decode()


def row(page, label):
    """The text of the cells of the first results row headed `label`."""
    cells = re.search(rf'<th scope="row">{re.escape(label)}[^<]*</th>(.*?)</tr>', page, re.DOTALL).group(1)
    return tuple(re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", cells))


def test_the_results_page_is_public_and_counts_each_choice_with_its_percentage(client, survey):
    respondents(survey, 6, GRAND_PLACE_LILLE, mode="Vélo")
    page = results_page(client, survey)

    assert "<strong>6</strong> répondant(s)" in page
    assert row(page, "Vélo") == ("6", "100 %")
    assert row(page, "Voiture") == ("0", "0 %")
    assert row(page, "Lille") == ("6",)
    assert "Moyenne : 4,0" in page


def test_a_small_count_is_hidden_with_the_count_that_would_give_it_away_and_the_page_says_why(client, survey):
    respondents(survey, 6, GRAND_PLACE_LILLE, mode="Vélo", scale=5)
    respondents(survey, 2, MAIRIE_ROUBAIX, mode="Marche", scale=1, prefix="roubaisien")
    page = results_page(client, survey)

    # Shown, Vélo would be the total minus the others: Marche's 2. Both are hidden under the same mark.
    assert row(page, "Marche") == ("n.c.", "—")
    assert row(page, "Vélo") == ("n.c.", "—")
    assert row(page, "Voiture") == ("0", "0 %")
    assert row(page, "Roubaix") == ("n.c.",)
    assert row(page, "Lille") == ("n.c.",)
    assert "<strong>8</strong> répondant(s)" in page
    assert "tout nombre de 1 à 4 est masqué (« n.c. », sans pourcentage)" in page
    assert "Moyenne" not in page


def test_free_text_answers_never_appear_on_the_results_page_only_their_count(client, survey):
    respondents(survey, 6, GRAND_PLACE_LILLE)
    page = results_page(client, survey)

    assert FREE_TEXT not in page
    assert "Réponses en texte libre, non publiées" in page
    assert "@example.org" not in page and "repondant0" not in page


def test_with_fewer_than_five_respondents_their_number_and_every_table_are_withheld(client, survey):
    respondents(survey, 3, GRAND_PLACE_LILLE)
    page = results_page(client, survey)

    assert "<strong>&lt; 5</strong> répondant(s)" in page
    assert row(page, "Vélo") == ("n.c.", "—")
    assert row(page, "Voiture") == ("n.c.", "—")
    assert '<th scope="row">Lille</th>' not in page
    assert "la répartition par commune n'est pas publiée" in page
