from django.db import migrations

# What each person brought to each concertation, counted by the triggers of sql/post_10_participants.sql (which also
# fill it, at this migrate and every later one). No foreign key: deleting a person first sets their contributions'
# author to NULL, and the triggers must still find the row then.
PARTICIPANT = """
CREATE TABLE analysis_participant (
    process_id bigint NOT NULL,
    user_id bigint NOT NULL,
    contributions integer NOT NULL,
    PRIMARY KEY (process_id, user_id)
);
"""


class Migration(migrations.Migration):
    """The participants of each concertation, so that the bilan counts them without a distinct count over millions
    of contributions."""

    dependencies = [("analysis", "0001_initial"), ("participation", "0007_proposal_answered_index")]

    operations = [migrations.RunSQL(PARTICIPANT, reverse_sql="DROP TABLE analysis_participant")]
