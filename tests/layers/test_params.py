"""Every feed answers an unknown parameter with a 400 that names it and says which ones exist, in its own format."""

import pytest

from layers.params import unknown_parameters

FEEDS = {
    "REST": ("/api/v1/proposals/", lambda response: response.json()["detail"]),
    "OGC API": ("/ogc/collections/proposals/items", lambda response: response.json()["description"]),
    "tiles": ("/tiles/proposals/10/520/344.pbf", lambda response: response.content.decode()),
    "downloads": ("/opendata/proposals.geojson", lambda response: response.content.decode()),
}


def test_the_message_names_the_unknown_parameters_then_the_accepted_ones():
    assert unknown_parameters({"b": "1", "zz": "2", "crs": "2154"}, {"crs", "process"}) == (
        "Paramètre(s) inconnu(s) : b, zz. Acceptés : crs, process."
    )
    assert unknown_parameters({"crs": "2154"}, {"crs", "process"}) is None


@pytest.mark.django_db
@pytest.mark.parametrize("feed", FEEDS)
def test_each_feed_refuses_an_unknown_parameter_naming_it_and_the_accepted_ones(client, feed):
    url, message = FEEDS[feed]
    response = client.get(url, {"proces": "plan-climat"})

    assert response.status_code == 400
    assert message(response).startswith("Paramètre(s) inconnu(s) : proces. Acceptés : ")
    assert "process" in message(response).split("Acceptés : ")[1]
