from django.db import models


class Counter(models.Model):
    """The requests of one key ("contributions:user:42", "writes:ip:192.0.2.1") in its current window.

    Shared by every process and machine, and exact under concurrency: each request bumps its rows with one
    INSERT … ON CONFLICT DO UPDATE (counters.py). The table is UNLOGGED (migration 0001): counters need no crash
    safety, and a commit that touched only them waits for no WAL flush.
    """

    key = models.TextField(primary_key=True)
    hits = models.PositiveIntegerField()
    #: end of the window, which starts at the first request of the key
    expires = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "compteur de requêtes"
