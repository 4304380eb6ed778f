"""Read replicas: the read feeds go to a PostgreSQL streaming replica (settings.DATABASE_REPLICAS), all else to default.

ReplicaMiddleware marks the requests whose reads may go to a replica, a GET or HEAD of a feed (WFS, OGC API, tiles,
downloads, catalogue) or of the REST API; at its first read, such a request picks a replica that is up and whose lag
is under DATABASE_REPLICA_MAX_LAG, or the primary when every replica is skipped. ReplicaRouter sends the ORM's reads
there, and the raw cursors of the feeds ask `read_alias()`. Writes, migrations, commands and the tests' databases use
default only.

Read-your-writes: after a request that may have written (any other method), a signed cookie carries the primary's
WAL insert position. While a request carries it, a replica serves it only once it has replayed that position
(`pg_last_wal_replay_lsn()`), so a person sees their contribution in the feeds at once, however late the replica
is; a stickiness of some seconds would guess at the lag instead, and still be wrong past it.

The tile cache (tiles_cache, UNLOGGED, neither replicated nor readable on a replica) and its advisory locks stay on
the primary: a replica renders the tile only, stored in the primary's cache with the data version it was read at,
which the cache's lookup already compares with the changes committed since (tiles/cache.py).
"""

import contextvars
import random
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.signals import request_finished
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

from geoparticipation import outputs

COOKIE = "primary_lsn"
_SALT = "geoparticipation.replicas"
_READS = ("GET", "HEAD")
# RFC 9110's safe methods: any other may have written.
_SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


class _Choice:
    """The database of a feed request's reads, chosen at its first read: a tile found in the cache, which is on the
    primary, asks no replica anything."""

    def __init__(self, position):
        self.position = position
        self.alias = None

    def resolve(self):
        if self.alias is None:
            self.alias = choose(self.position) or DEFAULT_DB_ALIAS
        return self.alias


_request_choice = contextvars.ContextVar("replica_choice", default=None)


def read_alias():
    """The database the current request reads: its replica, unless a transaction is open on the primary, whose
    rows (its own writes included) only the primary sees."""
    choice = _request_choice.get()
    if choice is None or connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return DEFAULT_DB_ALIAS
    return choice.resolve()


def request_alias():
    """The database of the current request's reads, even inside a transaction of the primary: for a read made
    while the primary holds a lock (the tile render under its cache's lock)."""
    choice = _request_choice.get()
    return DEFAULT_DB_ALIAS if choice is None else choice.resolve()


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return read_alias()

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # A replica holds the same rows as the primary.
        return True

    def allow_migrate(self, db, app_label, **hints):
        return db == DEFAULT_DB_ALIAS


def parse_lsn(text):
    """A WAL position ("16/B374D848") as an integer, or None when it is not one."""
    high, _, low = (text or "").partition("/")
    try:
        return (int(high, 16) << 32) + int(low, 16)
    except ValueError:
        return None


@dataclass
class Health:
    checked: float
    usable: bool
    replayed: int = 0


# Per process: each worker checks each replica at most every DATABASE_REPLICA_CHECK_SECONDS.
_health = {}
_health_lock = threading.Lock()


def _check(alias):
    """Whether the replica is a standby of the primary, up, and late by at most DATABASE_REPLICA_MAX_LAG seconds.

    Late is measured against the primary's written WAL: a replica that replayed it all is not late, however long
    ago the last transaction; one that did not is late by the age of the last transaction it replayed, which also
    counts a replica that lost its connection to the primary."""
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        written = parse_lsn(cursor.fetchone()[0])
    replica = connections[alias]
    # Django's health check (a SELECT 1 once per request) first: a replica restarted since the last request
    # dropped this connection.
    replica.close_if_health_check_failed()
    with replica.cursor() as cursor:
        cursor.execute(
            "SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text, "
            "extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp())"
        )
        standby, replayed, age = cursor.fetchone()
    replayed = parse_lsn(replayed)
    if not standby or replayed is None:
        return False, 0
    late = replayed < written and (age is None or age > settings.DATABASE_REPLICA_MAX_LAG)
    return not late, replayed


def health(alias):
    now = time.monotonic()
    known = _health.get(alias)
    if known is not None and now - known.checked < settings.DATABASE_REPLICA_CHECK_SECONDS:
        return known
    with _health_lock:
        known = _health.get(alias)
        if known is not None and now - known.checked < settings.DATABASE_REPLICA_CHECK_SECONDS:
            return known
        try:
            usable, replayed = _check(alias)
        except DatabaseError:
            # Refused, timed out (connect_timeout) or dropped: skipped until the next check.
            connections[alias].close()
            usable, replayed = False, 0
        known = _health[alias] = Health(time.monotonic(), usable, replayed)
        return known


def forget_health():
    """For the tests: the next request checks every replica again."""
    _health.clear()


def _replayed(alias, position, known):
    """Whether the replica has replayed the WAL up to `position`: known from its last check, or asked now."""
    if known.replayed >= position:
        return True
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT pg_last_wal_replay_lsn()::text")
            replayed = parse_lsn(cursor.fetchone()[0]) or 0
    except DatabaseError:
        connections[alias].close()
        return False
    known.replayed = max(known.replayed, replayed)
    return replayed >= position


def _usable_now(alias):
    """Django's per-request health check of this replica's connection, so that a replica that went away since its
    last check is skipped rather than answered 503."""
    replica = connections[alias]
    try:
        replica.close_if_health_check_failed()
        replica.ensure_connection()
    except DatabaseError:
        replica.close()
        _health[alias] = Health(time.monotonic(), False)
        return False
    return True


def choose(position=None):
    """A replica for a read (one that has replayed `position`, when given), or None for the primary."""
    candidates = [alias for alias in settings.DATABASE_REPLICAS if health(alias).usable]
    random.shuffle(candidates)
    for alias in candidates:
        if position is not None and not _replayed(alias, position, _health[alias]):
            continue
        if _usable_now(alias):
            return alias
    return None


def is_replica_read(request):
    if request.method not in _READS:
        return False
    output = outputs.output_of(request.path_info)
    return output in outputs.FEEDS or output == outputs.API


def _written_position(request):
    value = request.get_signed_cookie(COOKIE, default=None, salt=_SALT, max_age=_cookie_age())
    return None if value is None else parse_lsn(value)


def _cookie_age():
    """Past this age the replicas that are not skipped have replayed the write: their lag is at most
    DATABASE_REPLICA_MAX_LAG, as of a check at most DATABASE_REPLICA_CHECK_SECONDS old."""
    return settings.DATABASE_REPLICA_MAX_LAG + settings.DATABASE_REPLICA_CHECK_SECONDS


class ReplicaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.DATABASE_REPLICAS:
            return self.get_response(request)
        # Set for the whole request, streamed body included; reset when the response is closed (request_finished).
        _request_choice.set(_Choice(_written_position(request)) if is_replica_read(request) else None)
        response = self.get_response(request)
        if request.method not in _SAFE_METHODS and response.status_code < 400:
            self._remember_write(response)
        return response

    def _remember_write(self, response):
        try:
            with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
                # The insert position, not the written one: with synchronous_commit off, the commit just made may
                # still be in the WAL buffers, behind the written position.
                cursor.execute("SELECT pg_current_wal_insert_lsn()::text")
                position = cursor.fetchone()[0]
        except DatabaseError:
            # The primary went away after the view answered: that answer stands.
            return
        response.set_signed_cookie(
            COOKIE,
            position,
            salt=_SALT,
            max_age=_cookie_age(),
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )


def _reset(**kwargs):
    _request_choice.set(None)


request_finished.connect(_reset)
