"""The attacker: every number published about a survey, gathered from every page, feed and download, and each hidden
count sought by subtraction and by trying every table those numbers allow. A count found is a failed test."""

import html
import io
import itertools
import json
import re
from collections import defaultdict

import mapbox_vector_tile
import pyogrio
import pypdf
import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from pyogrio.raw import read

from geoparticipation.surveys.models import Question
from geoparticipation.surveys.privacy import HIDDEN_LABEL, cells, commune_cells
from geoparticipation.territory.models import Commune

from ..factories import make_process
from ..tiles.conftest import tile_of
from .factories import make_survey, place_in, question, respondents

pytestmark = pytest.mark.django_db

# Who answers where, and how: Warneton (231 inhabitants) holds one answer, Lille five, Roubaix six. Each
# respondent answers every question the same way, so every table has a count of 1 beside a count of 5.
ANSWERS = {"Lille": (5, "Vélo", 4), "Roubaix": (6, "Voiture", 5), "Warneton": (1, "Marche", 1)}
KINDS = ("single", "multiple", "scale", "point")
FORMATS = ("geojson", "csv", "gpkg", "fgb", "shp.zip")
WFS = {"SERVICE": "WFS", "VERSION": "2.0.0", "REQUEST": "GetFeature", "TYPENAMES": "survey_answers"}
QUESTION_FILTER = (
    "<fes:Filter xmlns:fes='http://www.opengis.net/fes/2.0'><fes:PropertyIsEqualTo>"
    "<fes:ValueReference>question</fes:ValueReference><fes:Literal>{}</fes:Literal>"
    "</fes:PropertyIsEqualTo></fes:Filter>"
)


class Gathered:
    """Every number the attacker read: per table (question), its total and the text of each cell, per source."""

    def __init__(self):
        self.totals = defaultdict(set)
        self.cells = defaultdict(lambda: defaultdict(set))
        self.feature_counts = defaultdict(set)
        self.sources = set()

    def cell(self, table, label, text, source):
        self.cells[table][label].add(text)
        self.sources.add(source)


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def layer_text(answers, suppressed):
    assert (answers is None) == bool(suppressed), "a count beside a suppressed flag"
    return HIDDEN_LABEL if answers is None else str(int(answers))


def read_results_page(client, survey, gathered):
    page = client.get(f"/concertations/{survey.process.slug}/questionnaires/{survey.slug}/resultats/").content.decode()
    respondents_text = re.search(r'id="respondents"><strong>([^<]*)</strong>', page).group(1)
    gathered.totals["respondents"].add(html.unescape(respondents_text))
    for pk, section in re.findall(r'<h3 id="result-(\d+)">(.*?)</section>', page, re.DOTALL):
        table = int(pk)
        answered = re.search(r'<p class="meta">([^<]*?) réponse', section).group(1)
        gathered.totals[table].add(html.unescape(answered))
        for label, text in re.findall(r'<th scope="row">([^<(]*?)(?: \([^<]*\))?</th>\s*<td>([^<]*)</td>', section):
            gathered.cell(table, html.unescape(label), html.unescape(text), "results page")
        assert "Moyenne" not in section or not any(HIDDEN_LABEL in texts for texts in gathered.cells[table].values()), (
            "a mean beside a hidden count is a second equation"
        )


def read_report(client, survey, gathered):
    page = html.unescape(client.get(f"/concertations/{survey.process.slug}/bilan/").content.decode())
    pdf = pypdf.PdfReader(io.BytesIO(client.get(f"/concertations/{survey.process.slug}/bilan.pdf").content))
    text = " ".join(" ".join(sheet.extract_text().split()) for sheet in pdf.pages)
    for source, content in (("bilan", page), ("bilan.pdf", text)):
        found = re.findall(rf"(<\s*5|\d+)(?:</strong>)?\s+réponses?\s+au questionnaire « {survey.title} »", content)
        assert found, source
        gathered.totals[f"respondents of {survey.slug}"].update(re.sub(r"\s+", " ", n) for n in found)
        gathered.sources.add(source)


def read_layer(client, survey, tmp_path, gathered):
    map_question = question(survey, "point").pk
    items = json.loads(body(client.get("/ogc/collections/survey_answers/items", {"question": map_question})))
    for feature in items["features"]:
        p = feature["properties"]
        gathered.cell(map_question, p["commune_nom"], layer_text(p["answers"], p["suppressed"]), "OGC API")
    if "numberMatched" in items:
        gathered.feature_counts[map_question].add(items["numberMatched"])
    gathered.feature_counts[map_question].add(len(items["features"]))

    wfs = json.loads(body(client.get("/wfs", {**WFS, "OUTPUTFORMAT": "geojson"})))
    for feature in wfs["features"]:
        p = feature["properties"]
        gathered.cell(p["question"], p["commune_nom"], layer_text(p["answers"], p["suppressed"]), "WFS")
    hits = body(client.get("/wfs", {**WFS, "RESULTTYPE": "hits", "FILTER": QUESTION_FILTER.format(map_question)}))
    gathered.feature_counts[map_question].add(int(re.search(rb'numberMatched="(\d+)"', hits).group(1)))

    for extension in FORMATS:
        response = client.get(f"/opendata/survey_answers.{extension}")
        assert response.status_code == 200, extension
        path = tmp_path / f"survey_answers.{extension}"
        path.write_bytes(body(response))
        source = f"/vsizip/{path}" if extension == "shp.zip" else str(path)
        for layer, _ in pyogrio.list_layers(source):
            meta, _, _, values = read(source, layer=layer)
            columns = dict(zip(meta["fields"], values, strict=True))
            nom = columns.get("commune_nom", columns.get("commune"))
            for q, commune, answers, suppressed in zip(
                columns["question"], nom, columns["answers"], columns["suppressed"], strict=True
            ):
                answers = None if answers in (None, "") or answers != answers else answers  # CSV and NaN blanks
                suppressed = suppressed in (True, 1, "1", "true", "True")
                gathered.cell(int(q), commune, layer_text(answers, suppressed), extension)
            gathered.feature_counts["layer"].add(len(nom))

    catalogue = client.get("/opendata/").content.decode()
    section = catalogue[catalogue.index('id="survey_answers"') :]
    gathered.feature_counts["layer"].add(int(re.search(r"(\d+) objets?", section).group(1)))

    seen_in_tiles = set()
    for nom in ANSWERS:
        x, y = tile_of(*place_in(nom), 10)
        tile = client.get(f"/tiles/survey_answers/10/{x}/{y}.pbf")
        for feature in mapbox_vector_tile.decode(tile.content).get("survey_answers", {}).get("features", []):
            p = feature["properties"]
            if (p["question"], p["commune_nom"]) not in seen_in_tiles:
                seen_in_tiles.add((p["question"], p["commune_nom"]))
                gathered.cell(p["question"], p["commune_nom"], layer_text(p.get("answers"), p["suppressed"]), "tiles")


@pytest.fixture(scope="module")
def gathered(django_db_setup, django_db_blocker, tmp_path_factory):
    """The survey's answers, committed (GDAL reads the downloads' rows on its own connection), then every number."""
    root = tmp_path_factory.mktemp("opendata")
    with django_db_blocker.unblock(), override_settings(OPENDATA_ROOT=root, ALLOWED_HOSTS=["testserver"]):
        assert connection.settings_dict["NAME"].startswith("test_")
        if not Commune.objects.exists():
            call_command("load_communes", verbosity=0)
        try:
            survey = make_survey(make_process(), kinds=KINDS)
            for nom, (n, mode, scale) in ANSWERS.items():
                respondents(survey, n, place_in(nom), mode=mode, scale=scale, prefix=nom.lower())
            # A second questionnaire of two responses: the report printed « 2 réponses » where its page said « < 5 ».
            pair = make_survey(survey.process, slug="duo", kinds=("scale",))
            pair.title = "Deux réponses"
            pair.save()
            respondents(pair, 2, place_in("Lille"), prefix="duo")

            client = Client()
            result, of_pair = Gathered(), Gathered()
            read_results_page(client, survey, result)
            read_results_page(client, pair, of_pair)
            result.totals["respondents of duo"] |= of_pair.totals["respondents"]
            read_report(client, pair, result)
            read_layer(client, survey, root, result)
            result.survey = survey
            result.kinds = {q.pk: q.kind for q in survey.questions.all()}
            yield result
        finally:
            # Leave the database as the session found it: the communes only.
            call_command("flush", verbosity=0, interactive=False)
            call_command("load_communes", verbosity=0)


def exact_total(gathered, table):
    """The exact total of a table if any page gives it; the attacker also knows that a required question's total
    is the number of respondents, and that every respondent answered here."""
    numbers = {int(t) for t in gathered.totals[table] | gathered.totals["respondents"] if t.isdigit()}
    assert len(numbers) <= 1, f"two totals for one table: {numbers}"
    return numbers.pop() if numbers else None


def possible_values(gathered, table):
    """{label: the values the count can have} given everything published; the attacker knows the rule."""
    published = {label: texts.pop() for label, texts in ((k, set(v)) for k, v in gathered.cells[table].items())}
    total = exact_total(gathered, table)
    labels = sorted(published)
    unknown = [label for label in labels if published[label] == HIDDEN_LABEL]
    shown = sum(int(published[label]) for label in labels if label not in unknown)
    values = defaultdict(set)
    is_map = gathered.kinds[table] in Question.MAP_KINDS
    # A commune listed holds an answer at least; a choice may hold none.
    for guess in itertools.product(range(1 if is_map else 0, total + 1), repeat=len(unknown)):
        if shown + sum(guess) != total:
            continue
        counts = dict(zip(unknown, guess, strict=True))
        table_counts = [counts[label] if label in counts else int(published[label]) for label in labels]
        if is_map:
            republished = dict(commune_cells(list(zip(labels, table_counts, strict=True))))
        else:
            republished = {
                label: cell.text for label, cell in zip(labels, cells(table_counts, total=total), strict=True)
            }
        if republished == published:
            for label, value in counts.items():
                values[label].add(value)
    return {label: values[label] for label in unknown}


def test_the_attacker_read_every_page_feed_and_download(gathered):
    assert gathered.sources >= {"results page", "bilan", "bilan.pdf", "OGC API", "WFS", "tiles", *FORMATS}
    assert len(gathered.cells) == len(KINDS)


def test_every_page_feed_and_download_publishes_the_same_text_for_each_count(gathered):
    for table, labels in gathered.cells.items():
        for label, texts in labels.items():
            assert len(texts) == 1, (table, label, texts)


def test_the_report_and_the_results_page_agree_on_a_survey_of_two_responses(gathered):
    assert gathered.totals["respondents of duo"] == {"< 5"}


def test_the_layer_has_as_many_features_as_the_communes_the_results_page_lists(gathered):
    map_question = question(gathered.survey, "point").pk
    assert gathered.feature_counts[map_question] == {len(gathered.cells[map_question])}
    assert gathered.feature_counts["layer"] == {len(gathered.cells[map_question])}


def test_no_hidden_count_is_the_total_minus_the_counts_shown(gathered):
    for table, labels in gathered.cells.items():
        hidden = [label for label, texts in labels.items() if HIDDEN_LABEL in texts]
        assert len(hidden) != 1, (table, hidden)


def test_no_hidden_count_can_be_recovered_from_everything_published(gathered):
    tried = 0
    for table in gathered.cells:
        for label, values in possible_values(gathered, table).items():
            tried += 1
            assert len(values) > 1, f"question {table}: {label} is {values} for whoever reads every output"
    # Warneton's answer, the single « Marche » and the single 1 on the scale are among the counts tried.
    assert tried >= 2 * len(KINDS)
