from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    # Built without locking out writes: at a national debate's size the table holds a million proposals.
    atomic = False

    dependencies = [("participation", "0008_proposal_answered_order_index")]

    operations = [
        AddIndexConcurrently(
            model_name="proposal",
            index=models.Index(
                condition=models.Q(("hidden_at__isnull", True), ("published_at__isnull", False)),
                fields=["process", "theme"],
                name="proposal_published_theme_idx",
            ),
        ),
    ]
