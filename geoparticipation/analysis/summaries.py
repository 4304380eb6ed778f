"""The workspace's summaries (indicators, where-from, cross tables), kept per data version: each one reads every
contribution, which takes seconds at a national debate's size.

A summary is fresh while the data version and the tags have not moved and it is younger than FRESH_SECONDS; what the
data version does not follow (private concertations, the participants' profiles, tags set in the admin) is so at
most that old. A summary no longer fresh is shown, with the time it was computed, while a thread of the process
computes the next (BILAN_REFRESH_IN_BACKGROUND, as the bilan's summary); without that setting it is computed in the
request.
"""

import datetime
import hashlib
import time

from django.conf import settings
from django.core.cache import cache

from layers.http import data_version

from . import background

FRESH_SECONDS = 300
KEPT_SECONDS = 3600
TAGS_VERSION = "analysis-tags-version"


def tags_changed():
    """Called by the tagging services, so that a summary by tag computed before them is no longer fresh."""
    try:
        cache.incr(TAGS_VERSION)
    except ValueError:
        cache.set(TAGS_VERSION, 1, None)


def kept(name, params, compute):
    """`compute()`'s value for this summary and these parameters, as {"value", "computed_at"}."""
    key = "analysis-summary:" + hashlib.sha1(repr((name, params)).encode()).hexdigest()
    version = (data_version()[0], cache.get(TAGS_VERSION, 0))
    entry = cache.get(key)
    if entry is not None and entry["version"] == version and time.time() - entry["computed"] < FRESH_SECONDS:
        return entry
    if entry is not None and settings.BILAN_REFRESH_IN_BACKGROUND:
        _refresh_in_background(key, compute)
        return entry
    return _compute(key, version, compute)


def _compute(key, version, compute):
    computed = time.time()
    entry = {
        "version": version,
        "computed": computed,
        "computed_at": datetime.datetime.fromtimestamp(computed, tz=datetime.UTC),
        "value": compute(),
    }
    cache.set(key, entry, KEPT_SECONDS)
    return entry


def _refresh_in_background(key, compute):
    background.refresh(
        ("workspace", key),
        lambda: _compute(key, (data_version()[0], cache.get(TAGS_VERSION, 0)), compute),
        f"The workspace summary {key}",
    )
