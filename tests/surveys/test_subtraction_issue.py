"""The three observations of the issue on small counts, gone: a total minus the counts shown, the layer beside that
total, and the report printing what the results page hides."""

import json
import re

from geoparticipation.surveys.privacy import HIDDEN_LABEL

from .factories import make_survey, place_in, question, respondents


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_issue_s_three_observations_are_gone(client, survey):
    """Total 6 with 5 in Lille and 1 in Warneton; the layer beside that total; the report's « 2 réponses »."""
    respondents(survey, 5, place_in("Lille"))
    respondents(survey, 1, place_in("Warneton"), prefix="warnetonois")
    page = client.get("/concertations/plan-climat/questionnaires/deplacements/resultats/").content.decode()
    map_section = page[page.index(f'id="result-{question(survey, "point").pk}"') :]
    assert "6 réponse(s)" in map_section
    rows = dict(re.findall(r'<th scope="row">([^<]*)</th><td>([^<]*)</td>', map_section.split("</section>")[0]))
    assert rows == {"Lille": HIDDEN_LABEL, "Warneton": HIDDEN_LABEL}

    items = json.loads(
        body(client.get("/ogc/collections/survey_answers/items", {"question": question(survey, "point").pk}))
    )
    assert {f["properties"]["commune_nom"]: f["properties"]["answers"] for f in items["features"]} == {
        "Lille": None,
        "Warneton": None,
    }

    pair = make_survey(survey.process, slug="duo", kinds=("scale",))
    respondents(pair, 2, place_in("Lille"), prefix="duo")
    report = client.get("/concertations/plan-climat/bilan/").content.decode()
    assert "<strong>2</strong> réponse" not in report
    assert report.count("<strong>&lt; 5</strong> réponses au questionnaire") == 1
