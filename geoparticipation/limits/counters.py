"""Rate limits on writes, counted in PostgreSQL so that every process and machine shares them.

A rate is settings.RATE_LIMITS[scope], "N/period" in DRF's notation. Each (scope, key) has a window that starts at
its first request and lasts the period; a request is refused while its window has seen more than N. The API
(throttling.py) and the site's views count on the same rows.
"""

import ipaddress
import math
import time
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.db import connection
from django.utils.translation import ngettext

from geoparticipation.database import prepared_fetch

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
# Every key of a request is bumped by one statement; statement_timestamp() is the same for all of them, also
# inside a transaction. Keys come sorted, so that two requests lock shared rows in the same order.
BUMP = """
    ON CONFLICT (key) DO UPDATE SET
        hits = CASE WHEN c.expires > statement_timestamp() THEN c.hits + 1 ELSE 1 END,
        expires = CASE WHEN c.expires > statement_timestamp() THEN c.expires ELSE excluded.expires END
    RETURNING c.key, c.hits, extract(epoch FROM c.expires - statement_timestamp())::float8
"""
HIT = (
    """
    INSERT INTO limits_counter AS c (key, hits, expires)
    SELECT key, 1, statement_timestamp() + make_interval(secs => seconds)
    FROM unnest(%s::text[], %s::int[]) AS t(key, seconds)
"""
    + BUMP
)
# The same, around the query of the account a token names (PreparedGet.get_with: `found`), so that reading the
# account and counting its write are one round trip; the keys marked per account end with its id, and an inactive
# account counts nothing. The account's row comes back once per counter.
HIT_FOR_ACCOUNT = (
    """
    WITH found AS ({query}), counted AS (
        INSERT INTO limits_counter AS c (key, hits, expires)
        SELECT k.key, 1, statement_timestamp() + make_interval(secs => k.seconds)
        FROM found, unnest(%s::text[], %s::int[], %s::boolean[]) AS t(key, seconds, per_account),
            LATERAL (SELECT CASE WHEN t.per_account THEN t.key || found.id ELSE t.key END AS key, t.seconds) AS k
        WHERE found.is_active
        ORDER BY k.key
    """
    + BUMP
    + """
    )
    SELECT found.*, counted.* FROM found LEFT JOIN counted ON true
    """
)
PRUNE_EVERY = 600  # seconds between two deletions of ended windows, per process
_next_prune = 0.0


@lru_cache
def parse_rate(rate):
    """ "10/min" -> (10, 60). settings.env_rate checked the notation."""
    count, period = rate.split("/")
    return int(count), PERIODS[period[0]]


def client_ip(request):
    """The client's address: REMOTE_ADDR, unless NUM_PROXIES reverse proxies stand in front of the service.

    Each proxy appends the address it saw to X-Forwarded-For, so the client is the NUM_PROXIES-th address from the
    right; anything further left was written by the client and is not trusted.
    """
    if settings.NUM_PROXIES:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if forwarded:
            return forwarded[-min(settings.NUM_PROXIES, len(forwarded))]
    return request.META.get("REMOTE_ADDR", "")


def ip_key(request):
    """The client's address as a counter key; an IPv6 client is its /64, which one subscriber holds whole."""
    address = client_ip(request)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return f"ip:{address[:100]}"
    if ip.version == 6:
        return f"ip:{ipaddress.ip_network((ip, 64), strict=False)}"
    return f"ip:{ip}"


def hit(*counts):
    """Counts one request on each (scope, key); the seconds to wait when any is over its rate, else 0.

    Call it outside any transaction, as the API's throttle and the views do: inside one, the rows would stay locked
    until its end, and every write from one address would wait for the one before.
    """
    rates = {}
    for scope, key in counts:
        rate = settings.RATE_LIMITS.get(scope)
        if rate:
            rates[f"{scope}:{key}"] = parse_rate(rate)
    if not rates:
        return 0
    keys = sorted(rates)
    rows = prepared_fetch(HIT, [keys, [rates[key][1] for key in keys]])
    _prune_now_and_then()
    waits = [seconds for key, hits, seconds in rows if hits > rates[key][0]]
    return max(1, math.ceil(max(waits))) if waits else 0


def _prune_now_and_then():
    """Deletes ended windows: keys (addresses, accounts) that stopped coming would otherwise stay forever."""
    global _next_prune
    now = time.monotonic()
    if now >= _next_prune:
        _next_prune = now + PRUNE_EVERY
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM limits_counter WHERE expires < statement_timestamp()")


def account_key(user_pk):
    """An account as a counter key (the person's data export finds their counters by it)."""
    return f"user:{user_pk}"


def address_key(address):
    """An e-mail address as a counter key, as accounts store addresses."""
    return f"address:{address.strip().lower()[:254]}"


def write_counts(request, scope, account):
    """What a write of `scope` by `account` (a user's id) is counted on: the account, and the IP address with every
    other write from it (people behind one address, a town hall or a workshop, share that count)."""
    return (scope, account_key(account)), ("writes", ip_key(request))


def write_wait(request, scope):
    """A write of `scope` by the signed-in person."""
    return hit(*write_counts(request, scope, request.user.pk))


def account_and_write_wait(accounts, token, request, scope):
    """The account a token names (accounts: a PreparedGet of users by token), and the seconds its write of `scope`
    must wait (write_wait), read and counted by one statement. DoesNotExist for an unknown token."""
    marker = "\x00"  # the account's id, known only in the statement; no key holds a NUL (nul_bytes.py)
    rated = []
    for count_scope, key in write_counts(request, scope, marker):
        if rate := settings.RATE_LIMITS.get(count_scope):
            rated.append((f"{count_scope}:{key}", parse_rate(rate)))
    if not rated:
        return accounts.get(token), 0
    keys = [key.removesuffix(marker) for key, _ in rated]
    per_account = [key.endswith(marker) for key, _ in rated]
    account, rows = accounts.get_with(
        token, HIT_FOR_ACCOUNT, [keys, [seconds for _, (_, seconds) in rated], per_account]
    )
    limits = {key.replace(marker, str(account.pk)): limit for key, (limit, _) in rated}
    _prune_now_and_then()
    waits = [seconds for key, hits, seconds in rows if key is not None and hits > limits[key]]
    return account, max(1, math.ceil(max(waits))) if waits else 0


def mail_wait(request, scope, address):
    """A form that mails `address` (sign-up, password reset): counted for the IP address and for the e-mail
    address, so that nobody gets a flood of mails whatever the addresses it comes from."""
    return hit((scope, ip_key(request)), *([(scope, address_key(address))] if address.strip() else []))


def refusal_message(wait):
    """What a person or a client is told when refused, in the language of the request."""
    if wait <= 90:
        return ngettext(
            "Trop de demandes en peu de temps : réessayez dans %(count)d seconde.",
            "Trop de demandes en peu de temps : réessayez dans %(count)d secondes.",
            wait,
        ) % {"count": wait}
    minutes = math.ceil(wait / 60)
    return ngettext(
        "Trop de demandes en peu de temps : réessayez dans %(count)d minute.",
        "Trop de demandes en peu de temps : réessayez dans %(count)d minutes.",
        minutes,
    ) % {"count": minutes}


@dataclass(frozen=True)
class Refusal:
    """A site form over a limit: the page shows the form again, as typed, with this message, as a 429."""

    wait: int

    @property
    def message(self):
        return refusal_message(self.wait)


def write_refusal(request, scope):
    wait = write_wait(request, scope)
    return Refusal(wait) if wait else None


def mail_refusal(request, scope, address):
    wait = mail_wait(request, scope, address)
    return Refusal(wait) if wait else None


def limited(response, refusal):
    """The response, as a 429 with Retry-After when the request was refused."""
    if refusal is not None:
        response.status_code = 429
        response["Retry-After"] = str(refusal.wait)
    return response
