"""Functions, views and triggers are dropped and created again at each migrate, from the apps' sql/post_*.sql."""

import pytest
from django.db import DatabaseError, connection

from geoparticipation import dbobjects

pytestmark = pytest.mark.django_db

WATCHED = ["participation_proposal", "participation_meeting", "participation_annotation", "debates_debate"]
WATCH_TRIGGERS = [
    "layers_count_del",
    "layers_count_ins",
    "layers_count_upd",
    "layers_global",
    "layers_version_del",
    "layers_version_ins",
    "layers_version_upd",
    "opendata_snapshots_del",
    "opendata_snapshots_upd",
    "participation_commune",
    "tiles_cells_del",
    "tiles_cells_ins",
    "tiles_cells_upd",
    "tiles_dirty_del",
    "tiles_dirty_ins",
    "tiles_dirty_upd",
]
COUNT_TRIGGERS = ["participation_count_del", "participation_count_ins", "participation_count_upd"]
PARTICIPANT_TRIGGERS = ["analysis_participants_del", "analysis_participants_ins", "analysis_participants_upd"]
FOLLOWER_TRIGGERS = ["analysis_participants_followers_del", "analysis_participants_followers_upd"]
SURVEY_TRIGGERS = ["layers_version", "layers_version_del", "layers_version_ins", "layers_version_upd"]
GLOBAL_TRIGGERS = ["layers_global", "layers_global_del", "layers_global_ins", "layers_global_upd"]
# Every trigger of the project, by table: a trigger added, renamed or lost shows here.
SNAPSHOT = {
    "participation_proposal": sorted(
        [*WATCH_TRIGGERS, *PARTICIPANT_TRIGGERS, *FOLLOWER_TRIGGERS, "analysis_proposal_digest"]
    ),
    "participation_meeting": WATCH_TRIGGERS,
    "participation_annotation": sorted([*WATCH_TRIGGERS, *PARTICIPANT_TRIGGERS, "analysis_annotation_digest"]),
    "participation_support": [*PARTICIPANT_TRIGGERS, *COUNT_TRIGGERS],
    "participation_comment": [*PARTICIPANT_TRIGGERS, *COUNT_TRIGGERS],
    "participation_commentvote": [
        "participation_vote_count_del",
        "participation_vote_count_ins",
        "participation_vote_count_upd",
    ],
    "participation_process": GLOBAL_TRIGGERS,
    "participation_process_communes": GLOBAL_TRIGGERS,
    "participation_theme": ["layers_global"],
    "territory_commune": ["layers_global", "territory_outlines_forget"],
    "accounts_user": ["layers_version", "layers_version_truncate"],
    "surveys_answer": [*SURVEY_TRIGGERS, "surveys_commune"],
    "surveys_question": SURVEY_TRIGGERS,
    "surveys_survey": SURVEY_TRIGGERS,
    # Debates are not counted per commune nor on the tiles' grid (geoparticipation_watch's `counted`).
    # A debate leaving public view takes its placed arguments with it (layers/sql/post_60_debate_arguments.sql).
    "debates_debate": sorted(
        [
            *(t for t in WATCH_TRIGGERS if not t.startswith(("layers_count", "tiles_cells"))),
            "layers_arguments_snapshots",
            "tiles_dirty_arguments_del",
            "tiles_dirty_arguments_upd",
        ]
    ),
    # Placed arguments are in a layer, with triggers of their own: they have no concertation of their own. They are
    # counted on the tiles' grid per debate (tiles/sql/post_tiles.sql).
    "debates_argument": sorted(
        [
            "debates_commune",
            *(t.replace("participation", "debates") for t in COUNT_TRIGGERS),
            "layers_global",
            "layers_version_del",
            "layers_version_ins",
            "layers_version_upd",
            "opendata_snapshots_del",
            "opendata_snapshots_upd",
            "tiles_cells_del",
            "tiles_cells_ins",
            "tiles_cells_upd",
        ]
    ),
    "debates_argumentsupport": [t.replace("participation", "debates") for t in COUNT_TRIGGERS],
}
# pg_trigger.tgtype bits: row-level, before, insert, delete, update.
ROW, BEFORE, INSERT, DELETE, UPDATE = 1, 2, 4, 8, 16


def triggers():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgrelid::regclass::text, tgname, tgtype FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1, 2"
        )
        return cursor.fetchall()


def exists(sql):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT EXISTS ({sql})")
        return cursor.fetchone()[0]


def test_the_triggers_of_the_database_are_those_of_the_snapshot():
    found = {}
    for table, name, _ in triggers():
        found.setdefault(table, []).append(name)
    assert found == SNAPSHOT


@pytest.mark.parametrize("table", WATCHED)
@pytest.mark.parametrize("event", [INSERT, UPDATE, DELETE])
def test_the_tile_marks_of_a_statement_run_after_its_version_bump(table, event):
    # tiles_mark_dirty() reads the data version that layers_bump_public_version() has just raised: PostgreSQL fires the
    # AFTER triggers of one event in name order, so the names must keep layers_version_* before tiles_dirty_*.
    after_statement = [
        name for t, name, kind in triggers() if t == table and kind & event and not kind & (ROW | BEFORE)
    ]
    version = next(n for n in after_statement if n.startswith("layers_version"))
    assert after_statement.index(version) < after_statement.index(
        next(n for n in after_statement if n.startswith("tiles_dirty"))
    )


def test_the_commune_of_a_contribution_is_set_before_its_row_is_written():
    kinds = {(t, name): kind for t, name, kind in triggers()}
    for table in WATCHED:
        assert (
            kinds[(table, "participation_commune")] & (ROW | BEFORE | INSERT | UPDATE) == ROW | BEFORE | INSERT | UPDATE
        )


def test_an_object_left_by_an_earlier_version_is_gone_after_the_next_migrate():
    with connection.cursor() as cursor:
        cursor.execute("CREATE FUNCTION layers_obsolete() RETURNS integer LANGUAGE sql AS 'SELECT 1'")
        cursor.execute(
            "CREATE TRIGGER tiles_renamed AFTER INSERT ON participation_proposal "
            "FOR EACH STATEMENT EXECUTE FUNCTION layers_bump_version()"
        )
        cursor.execute("CREATE VIEW layer_old_name AS SELECT 1 AS id")
    dbobjects.install()
    assert not exists("SELECT 1 FROM pg_proc WHERE proname = 'layers_obsolete'")
    assert not exists("SELECT 1 FROM pg_trigger WHERE tgname = 'tiles_renamed'")
    assert not exists("SELECT 1 FROM pg_class WHERE relname = 'layer_old_name'")
    assert exists("SELECT 1 FROM pg_class WHERE relname = 'layer_proposals'")


def test_installing_again_changes_nothing():
    before = triggers()
    dbobjects.install()
    assert triggers() == before


def test_a_failing_file_leaves_every_object_as_it_was(monkeypatch, tmp_path):
    broken = tmp_path / "post_99_broken.sql"
    broken.write_text("CREATE VIEW layer_broken AS SELECT no_such_column FROM layer_proposals;")
    files = dbobjects.post_files()
    monkeypatch.setattr(dbobjects, "post_files", lambda: [*files, broken])
    before = triggers()
    with pytest.raises(DatabaseError):
        dbobjects.install()
    assert triggers() == before
    assert exists("SELECT 1 FROM pg_class WHERE relname = 'layer_proposals'")
