"""On the site, a hide commits and the officer's page answers; the stored snapshots are rewritten by a thread of
its own, with its own database connection (opendata/purge.py)."""

import time

import pytest
from django.db import connection

from geoparticipation.accounts.models import User
from geoparticipation.participation import services

from ..factories import make_process, make_proposal


def queued():
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM opendata_snapshot_change")
        return cursor.fetchone()[0]


@pytest.mark.usefixtures("committed_territory")
def test_a_hide_is_applied_to_the_snapshots_by_a_thread_after_the_commit(settings, tmp_path):
    settings.OPENDATA_PURGE_IN_BACKGROUND = True
    settings.OPENDATA_ROOT = tmp_path
    citizen = User.objects.create_user("citoyen@example.org", "Citoyen", "un-mot-de-passe-solide")
    officer = User.objects.create_user("agent@example.org", "Agent", "un-mot-de-passe-solide", is_staff=True)
    proposal = make_proposal(make_process("plan-velo"), citizen)

    services.content_hide(target=proposal, officer=officer, category="personal_data", reason="Un numéro")

    # Nothing else applies the queue here: the thread started at the commit empties it.
    deadline = time.monotonic() + 60
    while queued() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert queued() == 0
