"""Moderation reaches the stored snapshots: what is hidden after a publication leaves every file of every snapshot,
and a text corrected by moderation is corrected there, with a note in the snapshot's manifest."""

import json

import numpy as np
import pytest
import rasterio
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import formats, timezone
from pyogrio import raw

from geoparticipation.accounts.models import User
from geoparticipation.participation import services
from geoparticipation.participation.models import Annotation, Proposal
from opendata import density, purge, snapshots

pytestmark = pytest.mark.django_db

FILES = ("proposals.gpkg", "proposals.csv")


@pytest.fixture
def snapshot(opendata, tmp_path):
    """Today's snapshot, in a folder of the test's own."""
    with override_settings(OPENDATA_ROOT=tmp_path):
        with opendata.blocker.unblock():
            call_command("publish_opendata", "--base-url", "https://participation.example.fr", verbosity=0)
        yield tmp_path / "snapshots" / timezone.localdate().isoformat()


def rows(path, key="id"):
    """{key: {column: value}} of a layer file, as GDAL reads it, its values as text."""
    meta, _, geometry, fields = raw.read(path)
    names = meta["fields"].tolist()
    found = {}
    for position in range(len(fields[0])):
        row = {name: str(fields[i][position]) for i, name in enumerate(names)}
        row["geometry"] = None if geometry is None else bytes(geometry[position])
        found[int(row[key]) if key == "id" else row[key]] = row
    return found


def manifest(folder):
    return json.loads((folder / snapshots.MANIFEST).read_text())


def raster_total(folder, stem="density"):
    """The contributions a density raster holds: its values are per km² on 100 m cells."""
    with rasterio.open(folder / f"{stem}.tif") as dataset:
        return float(dataset.read(1).astype(np.float64).sum()) / density.CELLS_PER_KM2


def hide(proposal, category="personal_data"):
    officer = User.objects.get(email="agent@example.org")
    services.content_hide(target=proposal, officer=officer, category=category, reason="Un numéro de téléphone")


def test_a_proposal_hidden_after_publication_is_in_no_file_of_the_snapshot(
    snapshot, django_capture_on_commit_callbacks
):
    proposal = Proposal.objects.get(title="Proposition 7")
    before = {name: rows(snapshot / name) for name in FILES}
    total = raster_total(snapshot)
    assert all(proposal.pk in found for found in before.values())

    with django_capture_on_commit_callbacks(execute=True):
        hide(proposal)

    for name in FILES:
        after = rows(snapshot / name)
        assert proposal.pk not in after
        del before[name][proposal.pk]
        assert after == before[name], f"{name}: the other features changed"
    # SQLite keeps deleted rows in free pages until a VACUUM: none of the text is left in the file.
    assert b"Proposition 7" not in (snapshot / "proposals.gpkg").read_bytes()
    assert raster_total(snapshot) == pytest.approx(total - 1, abs=0.01)


def test_the_manifest_notes_the_removal_and_states_the_new_files(snapshot, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        hide(Proposal.objects.get(title="Proposition 8"))

    written = manifest(snapshot)
    when = formats.date_format(timezone.localdate(), "j F Y")
    assert [change["note"] for change in written["changes"]] == [f"1 entité retirée le {when} : données personnelles"]
    assert written["changes"][0]["removed"] == 1 and written["changes"][0]["category"] == "personal_data"
    assert "Proposition 8" not in json.dumps(written, ensure_ascii=False)
    for name, entry in written["files"].items():
        assert snapshots.file_entry(snapshot / name) == entry, name
    assert written["date"] == snapshot.name


def test_the_catalogue_shows_the_note_beside_the_snapshot(opendata, snapshot, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        hide(Proposal.objects.get(title="Proposition 14"), category="offensive")

    page = opendata.get("/opendata/").body.decode()
    when = formats.date_format(timezone.localdate(), "j F Y")
    assert f"<li>1 entité retirée le {when} : propos injurieux ou haineux</li>" in page


def test_the_communes_of_the_snapshot_no_longer_count_the_hidden_proposal(snapshot, django_capture_on_commit_callbacks):
    proposal = Proposal.objects.get(title="Proposition 9")
    insee = proposal.commune.insee
    before = {name: rows(snapshot / name, "insee") for name in ("communes.gpkg", "communes.csv")}

    with django_capture_on_commit_callbacks(execute=True):
        hide(proposal)

    for name, found in before.items():
        after = rows(snapshot / name, "insee")
        assert int(after[insee]["proposals_count"]) == int(found[insee]["proposals_count"]) - 1
        assert {k: v for k, v in after.items() if k != insee} == {k: v for k, v in found.items() if k != insee}


def test_hiding_by_raw_sql_is_purged_by_purge_snapshots(snapshot):
    proposal = Proposal.objects.get(title="Proposition 10")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE participation_proposal SET hidden_at = now() WHERE id = %s", [proposal.pk])
    assert all(proposal.pk in rows(snapshot / name) for name in FILES)

    call_command("purge_snapshots", verbosity=0)

    assert all(proposal.pk not in rows(snapshot / name) for name in FILES)
    when = formats.date_format(timezone.localdate(), "j F Y")
    assert manifest(snapshot)["changes"][-1]["note"] == f"1 entité retirée le {when} : motif non précisé"


def test_a_correction_by_moderation_rewrites_the_text_in_every_format(snapshot):
    proposal = Proposal.objects.get(title="Proposition 11")
    before = {name: rows(snapshot / name) for name in FILES}
    Proposal.objects.filter(pk=proposal.pk).update(title="Proposition corrigée", body="Texte sans « 06 12 34 56 78 »")

    call_command("purge_snapshots", verbosity=0)

    for name in FILES:
        after = rows(snapshot / name)
        assert after[proposal.pk]["title"] == "Proposition corrigée"
        assert after[proposal.pk]["body"] == "Texte sans « 06 12 34 56 78 »"
        expected = {**before[name][proposal.pk], "title": "Proposition corrigée", "body": after[proposal.pk]["body"]}
        assert after == {**before[name], proposal.pk: expected}
    when = formats.date_format(timezone.localdate(), "j F Y")
    assert manifest(snapshot)["changes"][-1]["note"] == f"1 entité corrigée le {when} par la modération"


def test_applying_the_queue_again_changes_nothing(snapshot, django_capture_on_commit_callbacks):
    proposal = Proposal.objects.get(title="Proposition 12")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE participation_proposal SET hidden_at = now() WHERE id = %s", [proposal.pk])
        cursor.execute(
            "INSERT INTO opendata_snapshot_change (layer, row_id) VALUES ('proposals', %s), ('proposals', %s)",
            [proposal.pk, proposal.pk],
        )
    call_command("purge_snapshots", verbosity=0)
    written = (snapshot / snapshots.MANIFEST).read_text()
    assert len(json.loads(written)["changes"]) == 1

    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO opendata_snapshot_change (layer, row_id) VALUES ('proposals', %s)", [proposal.pk])
    assert purge.apply_queued() == 1

    assert (snapshot / snapshots.MANIFEST).read_text() == written


def test_supports_and_new_contributions_queue_nothing(snapshot):
    proposal = Proposal.objects.get(title="Proposition 13")
    services.support_create(user=User.objects.get(email="agent@example.org"), proposal=proposal)
    Proposal.objects.filter(pk=proposal.pk).update(state=Proposal.State.EVALUATING)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM opendata_snapshot_change")
        assert cursor.fetchone()[0] == 0


def test_hiding_in_the_back_office_purges_the_snapshot_when_the_officer_confirms(
    snapshot, client, django_capture_on_commit_callbacks
):
    annotation = Annotation.objects.public().filter(process__slug="plan-climat").order_by("pk").first()
    officer = User.objects.create_superuser("admin@example.org", "Administrateur", "mot-de-passe-solide")
    client.force_login(officer)
    assert annotation.pk in rows(snapshot / "annotations.gpkg")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:participation_annotation_changelist"),
            {"action": "hide", ACTION_CHECKBOX_NAME: [annotation.pk], "confirm": "yes", "category": "personal_data",
             "reason": "Une adresse personnelle"},
        )  # fmt: skip

    assert response.status_code == 302
    assert all(annotation.pk not in rows(snapshot / f"annotations.{ext}") for ext in snapshots.FORMATS)
    assert manifest(snapshot)["changes"][-1]["category"] == "personal_data"
