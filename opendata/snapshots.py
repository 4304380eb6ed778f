"""Dated snapshots: the public data of one day, frozen so that it can be cited, kept OPENDATA_SNAPSHOT_DAYS days."""

import datetime
import hashlib
import json
import os
import shutil
import uuid

from django.conf import settings
from django.utils import timezone

from layers import registry
from layers.http import data_version

from . import density, exports, storage

# GeoPackage for GIS software, CSV (with its .csvt) for everyone else; the live downloads offer the other formats.
FORMATS = ("gpkg", "csv")
MANIFEST = "manifest.json"


def retention_days():
    return int(getattr(settings, "OPENDATA_SNAPSHOT_DAYS", 365))


def folder():
    return storage.directory("snapshots")


def listing():
    """[(date, [file names])] of the complete snapshots, newest first."""
    found = []
    for path in folder().iterdir():
        try:
            day = datetime.date.fromisoformat(path.name)
        except ValueError:
            continue
        if (path / MANIFEST).exists():
            found.append((day, sorted(p.name for p in path.iterdir() if not p.name.startswith("."))))
    return sorted(found, reverse=True)


def notes(day):
    """What moderation changed in a snapshot since it was written, as its manifest states it."""
    manifest = json.loads((folder() / day.isoformat() / MANIFEST).read_text())
    return [change["note"] for change in manifest.get("changes", [])]


def first_date():
    days = [day for day, _ in listing()]
    return min(days) if days else None


def _place(source, destination):
    """A hard link costs no space and survives the cache dropping its own name for the file."""
    try:
        os.link(source, destination)
    except OSError:
        shutil.copyfile(source, destination)


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def file_entry(path):
    return {"bytes": path.stat().st_size, "sha256": _sha256(path)}


def lock_path():
    """What storage.writing() locks while snapshots are written or rewritten (opendata/purge.py)."""
    return folder() / MANIFEST


def write(*, catalog_document, processes, day=None, force=False):
    """(folder, created): the snapshot of `day` (today); an existing one is kept unless `force`."""
    day = day or timezone.localdate()
    final = folder() / day.isoformat()
    if (final / MANIFEST).exists() and not force:
        return final, False
    with storage.writing(lock_path()):
        return _write(catalog_document, processes, day, final), True


def _write(catalog_document, processes, day, final):
    version, modified = data_version()
    building = folder() / f".tmp-{uuid.uuid4().hex}"
    building.mkdir()
    try:
        for layer in registry.all_layers():
            if layer.split_of:
                continue
            for extension in FORMATS:
                _place(exports.export(layer, extension, 4326), building / f"{layer.id}.{extension}")
            (building / f"{layer.id}.csvt").write_text(exports.csvt(layer))
        for process in [None, *processes]:
            stem = density.stem_for(process)
            for suffix, path in density.write(stem, process).items():
                _place(path, building / f"{stem}{suffix}")
        (building / "catalog.jsonld").write_text(json.dumps(catalog_document, ensure_ascii=False, indent=2))
        manifest = {
            "date": day.isoformat(),
            "data_version": version,
            "data_modified": modified.isoformat(),
            "generated_at": timezone.now().isoformat(),
            "licence": registry.LICENCE,
            "licence_url": registry.LICENCE_URL,
            "files": {path.name: file_entry(path) for path in sorted(building.iterdir())},
        }
        (building / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2))
        if final.exists():
            retired = folder() / f".old-{uuid.uuid4().hex}"
            final.rename(retired)
            shutil.rmtree(retired)
        building.rename(final)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return final


def prune(today=None):
    """Deletes the snapshots older than the retention period; returns their dates."""
    limit = (today or timezone.localdate()) - datetime.timedelta(days=retention_days())
    removed = [day for day, _ in listing() if day < limit]
    for day in removed:
        delete(day)
    return removed


def delete(day):
    path = folder() / day.isoformat()
    with storage.writing(lock_path()):
        if not path.exists():
            return False
        shutil.rmtree(path)
    return True


def file_path(day, name):
    """The path of a file of a complete snapshot, or None."""
    path = folder() / day.isoformat() / name
    if not (path.parent / MANIFEST).exists() or name.startswith(".") or "/" in name or not path.is_file():
        return None
    return path
