"""Where open-data files live: a cache keyed on the data version, rasters and dated snapshots."""

import contextlib
import fcntl
import os
import re
import uuid
from pathlib import Path

from django.conf import settings

# What a file name may carry from a request: a layer id or a concertation slug.
SAFE_NAME = re.compile(r"^[A-Za-z0-9_-]+$")


def root():
    return Path(getattr(settings, "OPENDATA_ROOT", settings.BASE_DIR / "var" / "opendata"))


def directory(name):
    path = root() / name
    path.mkdir(parents=True, exist_ok=True)
    return path


def temporary_path(folder, suffix):
    """A hidden name in the same folder, so that the finished file is published by an atomic rename."""
    return folder / f".tmp-{uuid.uuid4().hex}{suffix}"


def versioned_path(folder, stem, version, suffix):
    """The file of one key (layer, format, CRS...) at one data version; "~" never occurs in a stem."""
    return folder / f"{stem}~v{version}{suffix}"


def publish(temporary, final):
    """Rename a finished file into place, then drop the files of older data versions of the same key.

    A download already streaming an older file keeps reading it: unlinking an open file only removes its name.
    """
    os.replace(temporary, final)
    stem, _, current = final.name.partition("~")
    for older in final.parent.glob(f"{stem}~v*"):
        if older.name.partition("~")[2].split(".")[0] != current.split(".")[0]:
            older.unlink(missing_ok=True)
    return final


@contextlib.contextmanager
def writing(final, *, wait=True):
    """Held while one request writes `final`: another that wants the same file waits here, then finds it written,
    rather than running a second ogr2ogr or raster next to it. A lock on a file per key (layer, format, CRS...) and
    not per version, so that lock files never pile up; per machine, like the cache and its writers. Yields whether
    the lock is held: with `wait=False`, False at once when another holds it."""
    stem, _, version = final.name.partition("~")
    key = f"{final.parent.name}-{stem}.{version.partition('.')[2]}.lock"
    with open(directory("locks") / key, "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
