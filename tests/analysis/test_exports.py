import datetime
import io
import zipfile

import openpyxl
import pytest
from django.utils import timezone
from odf import opendocument, table, teletype

from geoparticipation.analysis.exports import COLUMNS

from .helpers import propose

pytestmark = pytest.mark.django_db


def download(client, analyst, extension, **filters):
    client.force_login(analyst)
    response = client.get(f"/analyse/export.{extension}", filters)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def xlsx_rows(content):
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def ods_rows(content):
    document = opendocument.load(io.BytesIO(content))
    return [
        [teletype.extractText(cell) for cell in row.getElementsByType(table.TableCell)]
        for row in document.spreadsheet.getElementsByType(table.TableRow)
    ]


def assert_no_personal_identifier(rows, people):
    text = " ".join(str(cell) for row in rows for cell in row if cell is not None)
    for person in people:
        assert person.email not in text
        assert person.pseudonym not in text
    assert "@" not in text


def test_the_xlsx_export_has_a_row_per_filtered_contribution_and_no_identifier(client, analyst, small_dataset):
    rows = xlsx_rows(download(client, analyst, "xlsx", process=small_dataset["process"].pk))

    assert rows[0] == COLUMNS
    assert len(rows) == 1 + 5
    by_title = {row[8] or row[9]: dict(zip(COLUMNS, row, strict=True)) for row in rows[1:]}
    velo = by_title["Vélo 2"]
    assert velo["Commune de la contribution"] == "Roubaix" and velo["Commune de résidence"] == "Lille"
    assert velo["Tranche d'âge"] == "25 à 34 ans" and velo["Genre"] == "Femme"
    assert by_title["Motos"]["Commune de résidence"] == "Hors métropole"
    assert by_title["Trou dans la chaussée"]["Tranche d'âge"] == "Non renseigné"
    # The opaque number groups Alice's two proposals, and tells nothing else.
    assert by_title["Vélo 1"]["Participant (n° propre à cet export)"] == velo["Participant (n° propre à cet export)"]
    assert len({row[12] for row in rows[1:]}) == 4
    assert_no_personal_identifier(rows, small_dataset["people"])


def test_the_ods_export_opens_in_odfpy_with_the_same_rows(client, analyst, small_dataset):
    content = download(client, analyst, "ods", process=small_dataset["process"].pk)

    assert zipfile.ZipFile(io.BytesIO(content)).read("mimetype") == b"application/vnd.oasis.opendocument.spreadsheet"
    rows = ods_rows(content)
    assert rows[0] == COLUMNS
    assert len(rows) == 1 + 5
    assert sorted(row[8] or row[9] for row in rows[1:]) == ["Bus", "Motos", "Trou dans la chaussée", "Vélo 1", "Vélo 2"]
    assert_no_personal_identifier(rows, small_dataset["people"])


def test_the_exports_follow_the_filters(client, analyst, small_dataset):
    outside = xlsx_rows(download(client, analyst, "xlsx", home="outside"))
    women = ods_rows(download(client, analyst, "ods", gender="f", kind="proposal"))

    assert [row[8] for row in outside[1:]] == ["Motos"]
    assert sorted(row[8] for row in women[1:]) == ["Vélo 1", "Vélo 2"]


def test_a_citizen_text_starting_with_an_equals_sign_stays_text_in_the_xlsx(client, analyst, small_dataset):
    propose(small_dataset["process"], small_dataset["people"][0], '=HYPERLINK("http://x")', body="=1+1")

    rows = xlsx_rows(download(client, analyst, "xlsx", kind="proposal", gender="f"))

    assert "=1+1" in [row[9] for row in rows]


def test_citizens_cannot_export(client, citizen, small_dataset):
    client.force_login(citizen)

    response = client.get("/analyse/export.xlsx")

    assert response.status_code == 403 and "réservée aux agents chargés" in response.content.decode()


def test_the_xlsx_export_is_sent_as_it_is_written_and_its_dates_are_dates(client, analyst, small_dataset):
    client.force_login(analyst)
    response = client.get("/analyse/export.xlsx", {"process": small_dataset["process"].pk})

    assert response.streaming and response["Content-Disposition"].startswith('attachment; filename="contributions-')
    rows = xlsx_rows(b"".join(response.streaming_content))
    published = {row[8] or row[9]: row[3] for row in rows[1:]}
    proposal = small_dataset["proposals"][0]
    local = timezone.localtime(proposal.published_at).replace(tzinfo=None)
    assert abs(published["Vélo 1"] - local) < datetime.timedelta(milliseconds=1)
