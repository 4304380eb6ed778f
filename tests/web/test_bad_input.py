"""Bad drawings typed into the site's forms get a message in the page, never a 500, and store nothing."""

import json

from geoparticipation.participation.models import Annotation


def draw(client, process, geometry):
    text = geometry if isinstance(geometry, str) else json.dumps(geometry)
    return client.post(f"/concertations/{process.slug}/carte/", {"kind": "idee", "comment": "Ici", "geometry": text})


def test_a_drawing_in_an_unknown_crs_is_refused_with_a_message(client, citizen, process):
    client.force_login(citizen)
    line = {
        "type": "LineString",
        "coordinates": [[3.06, 50.63], [3.07, 50.64]],
        "crs": {"type": "name", "properties": {"name": "EPSG:99999"}},
    }
    response = draw(client, process, line)
    assert response.status_code == 400
    assert "EPSG:99999 non accepté" in response.text
    assert not Annotation.objects.exists()


def test_a_drawing_nested_deeper_than_python_reads_is_refused_with_a_message(client, citizen, process):
    client.force_login(citizen)
    response = draw(client, process, "[" * 100_000 + "]" * 100_000)
    assert response.status_code == 400
    assert "Tracé illisible" in response.text


def test_a_drawing_with_elevations_is_stored_flat(client, citizen, process):
    client.force_login(citizen)
    draw(client, process, {"type": "LineString", "coordinates": [[3.06, 50.63, 12], [3.07, 50.64, 15]]})
    assert not Annotation.objects.get().geom.hasz
