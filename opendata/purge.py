"""Moderation reaches the stored snapshots: a row hidden, unpublished, deleted or moved out of public view since a
snapshot is removed from its files, and a text corrected by moderation is corrected there, whatever the path of the
change (the triggers of sql/post_snapshots.sql queue it in opendata_snapshot_change).

Each file is rewritten once per batch of queued changes, beside itself, and renamed into place: a download reading
the old file keeps it, the next one gets the new, and the download cache, whose files a snapshot hard-links, keeps
its own. GeoPackages are vacuumed, since SQLite keeps deleted rows in its free pages. The dated snapshot stays, with
a note in its manifest: when, how many, the public category; never what was removed.
"""

import collections
import csv
import datetime
import json
import logging
import os
import shutil
import sqlite3
import threading
from contextlib import closing

import numpy as np
import rasterio
from django.conf import settings
from django.db import connection
from django.utils import formats, timezone, translation

from geoparticipation.participation.models import ModerationReason
from layers import registry

from . import density, snapshots, storage

# Queued changes applied per rewrite of each file: one rewrite of a 1,000,000-row snapshot for all of them.
BATCH = 100_000
# The layers whose rows count in the density rasters (opendata/density.py) and in the communes layer.
DENSITY_LAYERS = ("proposals", "annotations")
COMMUNE_COUNTS = {"proposals": "proposals_count", "meetings": "meetings_count", "annotations": "annotations_count"}
CONTRIBUTIONS = ("proposals", "annotations")


logger = logging.getLogger(__name__)


def apply_queued_after_commit():
    """After a hide commits: the queue, applied in a thread of its own (OPENDATA_PURGE_IN_BACKGROUND), so that the
    officer's request does not wait for snapshots to be rewritten (seconds each at a million rows). The queue is in
    the database: what a stopped process leaves, purge_snapshots (cron) or the next publish_opendata applies."""
    if settings.OPENDATA_PURGE_IN_BACKGROUND:
        threading.Thread(target=_apply_in_thread, name="opendata-purge", daemon=True).start()
    else:
        apply_queued(wait=False)


def _apply_in_thread():
    try:
        apply_queued(wait=False)
    except Exception:
        logger.exception("Snapshot purge failed; the queue keeps it for purge_snapshots")
    finally:
        connection.close()


def apply_queued(*, wait=True) -> int:
    """Applies every queued change to every stored snapshot; returns how many were applied. With `wait=False` (right
    after a commit), leaves them to the run that holds the lock: it looks at the queue again once it lets go."""
    applied = 0
    while _queued():
        with storage.writing(snapshots.lock_path(), wait=wait) as held:
            if not held:
                break
            batch = _batch()
            if batch:
                removed, corrected = _final_state(batch)
                for day, _ in snapshots.listing():
                    _apply(day, removed, corrected)
                _forget(batch)
                applied += len(batch)
    return applied


def _queued():
    with connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM opendata_snapshot_change)")
        return cursor.fetchone()[0]


def _batch():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, layer, row_id, columns, category, ST_X(point), ST_Y(point) FROM opendata_snapshot_change "
            "ORDER BY id LIMIT %s",
            [BATCH],
        )
        return cursor.fetchall()


def _forget(batch):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM opendata_snapshot_change WHERE id = ANY(%s)", [[entry[0] for entry in batch]])


def _final_state(batch):
    """({layer: {id: (category, point)}} of rows no longer public, {layer: {id: {column: text}}} of corrected ones),
    read from the layer views: what a row is now decides, whatever happened to it in between."""
    entries = collections.defaultdict(dict)
    columns = collections.defaultdict(set)
    for _, layer_id, row_id, changed, category, x, y in batch:
        previous = entries[layer_id].get(row_id)
        point = (x, y) if x is not None else None
        # The first point is where the row was when a snapshot could hold it; the latest category is the reason.
        entries[layer_id][row_id] = (category or (previous[0] if previous else ""), previous[1] if previous else point)
        columns[layer_id].update(changed)
    removed, corrected = {}, {}
    quote = connection.ops.quote_name
    for layer_id, rows in entries.items():
        layer = registry.get(layer_id)
        names = sorted(name for name in columns[layer_id] if name in layer.columns)
        selected = ", ".join(["id", *(quote(name) for name in names)])
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {selected} FROM {layer.table} WHERE id = ANY(%s)", [list(rows)])
            public = {row[0]: dict(zip(names, row[1:], strict=True)) for row in cursor.fetchall()}
        removed[layer_id] = {row_id: state for row_id, state in rows.items() if row_id not in public}
        corrected[layer_id] = {row_id: values for row_id, values in public.items() if values}
    return removed, corrected


def _apply(day, removed, corrected):
    """Rewrites the files of one snapshot that hold a removed or corrected row, then its manifest.

    The GeoPackage of a layer says what is left to do (the CSV, written from the same query, holds the same rows)
    and is rewritten last: a run cut short between the two formats does the rest at the next one. Cut short after
    it, the communes' counts and the rasters of that snapshot would keep counting the removed rows (never twice)."""
    path = snapshots.folder() / day.isoformat()
    # What a run killed midway left; no other writer runs while the lock is held.
    for stray in path.glob(".tmp-*"):
        stray.unlink()
    rewritten, categories, corrections = set(), collections.Counter(), 0
    gone = collections.defaultdict(list)  # layer -> the removed rows of this snapshot, as it held them
    for layer_id in sorted(set(removed) | set(corrected)):
        deleting, updating = removed.get(layer_id, {}), corrected.get(layer_id, {})
        found, updates = _changes(path, layer_id, "id", set(deleting), updating)
        rewritten |= _rewrite_layer(path, layer_id, "id", found, updates)
        for row_id, row in found.items():
            categories[deleting[row_id][0]] += 1
            gone[layer_id].append((row, deleting[row_id][1]))
        corrections += len(updates)
    if gone:
        rewritten |= _uncount_communes(path, gone)
        rewritten |= _subtract_density(path, gone)
    if rewritten or _stale_entries(path):
        _note(path, rewritten, categories, corrections)


def _changes(path, table, key, deleting, updating):
    """({key: row as a dict} of the rows to remove, {key: {column: value}} of those to update) that the layer's
    GeoPackage in the snapshot still holds."""
    target = path / f"{table}.gpkg"
    if not target.exists():
        return {}, {}
    with closing(sqlite3.connect(f"file:{target}?mode=ro", uri=True)) as db:
        db.row_factory = sqlite3.Row
        query = f'SELECT * FROM "{table}" WHERE "{key}" IN (SELECT value FROM json_each(?))'
        held = {row[key]: dict(row) for row in db.execute(query, [json.dumps([*deleting, *updating])])}
    found = {k: {name: v for name, v in row.items() if name != "geom"} for k, row in held.items() if k in deleting}
    updates = {
        k: values
        for k, values in updating.items()
        if k in held and any(held[k][name] != value for name, value in values.items())
    }
    return found, updates


def _rewrite_layer(path, table, key, found, updates):
    """The names of the files of a layer rewritten without the `found` rows and with the `updates`: the CSV, then
    the GeoPackage."""
    if not found and not updates:
        return set()
    rewritten = set()
    for target, rewrite in ((path / f"{table}.csv", _rewrite_csv), (path / f"{table}.gpkg", _rewrite_gpkg)):
        if target.exists() and rewrite(target, table, key, set(found), updates):
            rewritten.add(target.name)
    return rewritten


def _rewrite_gpkg(path, table, key, deleting, updates):
    """Whether a GeoPackage changed, rewritten beside itself without the `deleting` rows and with the `updates`."""
    temporary = storage.temporary_path(path.parent, ".gpkg")
    shutil.copyfile(path, temporary)
    try:
        with closing(sqlite3.connect(temporary)) as db:
            _gpkg_functions(db)
            changed = db.execute(
                f'DELETE FROM "{table}" WHERE "{key}" IN (SELECT value FROM json_each(?))', [json.dumps(list(deleting))]
            ).rowcount
            for k, values in updates.items():
                assignments = ", ".join(f'"{name}" = ?' for name in values)
                changed += db.execute(
                    f'UPDATE "{table}" SET {assignments} WHERE "{key}" = ?', [*values.values(), k]
                ).rowcount
            db.commit()
            db.execute("VACUUM")
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return changed > 0


def _gpkg_functions(db):
    """GDAL's R-tree triggers name SQL functions that only GDAL defines; SQLite checks they exist even where the
    triggers cannot fire (an update that keeps the geometry and the feature id)."""

    def empty(blob):
        # The GeoPackage header: flags in the fourth byte, bit 4 set for an empty geometry.
        return None if blob is None else bool(blob[3] & 0x10)

    def unused(blob):
        raise sqlite3.OperationalError("a purge never moves a geometry")

    db.create_function("ST_IsEmpty", 1, empty, deterministic=True)
    for name in ("ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY"):
        db.create_function(name, 1, unused, deterministic=True)


def _rewrite_csv(path, table, key, deleting, updates):
    """The same as _rewrite_gpkg for the CSV written by GDAL: records kept are copied byte for byte, and a changed
    field keeps the quoting of the one it replaces."""
    deleting, updates = {str(k) for k in deleting}, {str(k): v for k, v in updates.items()}
    temporary = storage.temporary_path(path.parent, ".csv")
    changed = False
    try:
        with (
            open(path, newline="", encoding="utf-8") as source,
            open(temporary, "w", newline="", encoding="utf-8") as out,
        ):
            records = _records(source)
            header = next(records)
            out.write(header)
            names = next(csv.reader([header]))
            position = names.index(key)
            for record in records:
                # The csv module (in C) reads the key of every record; only a changed record is split by hand.
                k = next(csv.reader([record]))[position]
                if k in deleting:
                    changed = True
                    continue
                if values := updates.get(k):
                    raws, ending = _fields(record)
                    replaced = list(raws)
                    for name, value in values.items():
                        replaced[names.index(name)] = _raw(value, quoted=raws[names.index(name)].startswith('"'))
                    if replaced != raws:
                        changed = True
                        record = ",".join(replaced) + ending
                out.write(record)
        if changed:
            os.replace(temporary, path)
        else:
            temporary.unlink()
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return changed


def _records(stream):
    """The records of a CSV as written, line endings included: a quoted field may hold line breaks, and quotes
    inside it are doubled, so a record ends at a line break outside quotes, after an even number of them."""
    record = ""
    for line in stream:
        record += line
        if record.count('"') % 2 == 0:
            yield record
            record = ""
    if record:
        yield record


def _fields(record):
    """(the raw text of each field, the record's line ending)."""
    body = record.rstrip("\r\n")
    fields, current, quoted = [], [], False
    for char in body:
        if char == '"':
            quoted = not quoted
        if char == "," and not quoted:
            fields.append("".join(current))
            current = []
        else:
            current.append(char)
    fields.append("".join(current))
    return fields, record[len(body) :]


def _raw(value, *, quoted):
    # GDAL writes a real with 15 significant digits and no trailing zero.
    text = "" if value is None else format(value, ".15g") if isinstance(value, float) else str(value)
    if quoted or any(char in text for char in ',"\r\n;\t'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _uncount_communes(path, gone):
    """The communes layer of the snapshot counts what it published: the removed rows are taken off their commune's
    counts, and the rate per 1,000 inhabitants follows."""
    per_commune = collections.defaultdict(collections.Counter)
    for layer_id, rows in gone.items():
        # Debates and their arguments are not counted per commune.
        if layer_id not in COMMUNE_COUNTS:
            continue
        for row, _ in rows:
            if row.get("commune_insee"):
                per_commune[str(row["commune_insee"])][COMMUNE_COUNTS[layer_id]] += 1
    target = path / "communes.gpkg"
    if not per_commune or not target.exists():
        return set()
    with closing(sqlite3.connect(f"file:{target}?mode=ro", uri=True)) as db:
        db.row_factory = sqlite3.Row
        query = "SELECT * FROM communes WHERE insee IN (SELECT value FROM json_each(?))"
        held = {row["insee"]: dict(row) for row in db.execute(query, [json.dumps(list(per_commune))])}
    updates = {}
    for insee, minus in per_commune.items():
        if insee not in held:
            continue
        row = held[insee]
        values = {name: row[name] - count for name, count in minus.items()}
        contributions = row["contributions_count"] - sum(minus[COMMUNE_COUNTS[layer]] for layer in CONTRIBUTIONS)
        values["contributions_count"] = contributions
        if row["population"]:
            values["contributions_per_1000"] = round(contributions * 1000 / row["population"], 2)
        updates[insee] = values
    return _rewrite_layer(path, "communes", "insee", {}, updates)


def _subtract_density(path, gone):
    """Takes the removed contributions out of the snapshot's density rasters (the whole territory's and their
    concertation's): the density is a sum of one kernel per contribution, so removing one subtracts its kernel from
    the values the snapshot published, on that snapshot's own grid."""
    points = collections.defaultdict(list)
    for layer_id, rows in gone.items():
        if layer_id not in DENSITY_LAYERS:
            continue
        for row, point in rows:
            if point is not None:
                points[None].append(point)
                points[row.get("process")].append(point)
    rewritten = set()
    for process, where in points.items():
        stem = density.stem_for(process)
        raster = path / f"{stem}.tif"
        if not raster.exists() or not where:
            continue
        with rasterio.open(raster) as dataset:
            values = dataset.read(1).astype(np.float64)
            west, north = dataset.transform.c, dataset.transform.f
        sidecar = json.loads((path / f"{stem}.json").read_text())
        height, width = values.shape
        cells = np.zeros_like(values)
        for x, y in where:
            col, row = int((x - west) // density.CELL_M), int((north - y) // density.CELL_M)
            if 0 <= col < width and 0 <= row < height:
                cells[row, col] += 1
        values = np.clip(values - density.smooth(cells) * density.CELLS_PER_KM2, 0, None)
        temporaries = {suffix: storage.temporary_path(path, suffix) for suffix in density.SUFFIXES}
        modified = datetime.datetime.fromisoformat(sidecar["modified"])
        density.render(values, west, north, stem, sidecar["data_version"], modified, temporaries)
        for suffix, temporary in temporaries.items():
            os.replace(temporary, path / f"{stem}{suffix}")
            rewritten.add(f"{stem}{suffix}")
    return rewritten


def _number(count):
    with translation.override(settings.LANGUAGE_CODE):
        return formats.number_format(count, force_grouping=True)


def _stale_entries(path):
    """The files whose size differs from the manifest's: rewritten by a run cut short before the manifest."""
    files = json.loads((path / snapshots.MANIFEST).read_text())["files"]
    return {name for name, entry in files.items() if (path / name).stat().st_size != entry["bytes"]}


def _note(path, rewritten, categories, corrections):
    """The manifest states the new sizes and checksums, and what changed, for whoever cites the snapshot."""
    manifest_path = path / snapshots.MANIFEST
    manifest = json.loads(manifest_path.read_text())
    today = timezone.localdate()
    with translation.override(settings.LANGUAGE_CODE):
        when = formats.date_format(today, "j F Y")
    labels = dict(ModerationReason.choices)
    changes = manifest.setdefault("changes", [])
    for category, count in sorted(categories.items()):
        reason = labels.get(category, "motif non précisé")
        reason = reason[0].lower() + reason[1:]
        removed = "entité retirée" if count == 1 else "entités retirées"
        changes.append(
            {
                "date": today.isoformat(),
                "removed": count,
                "category": category,
                "note": f"{_number(count)} {removed} le {when} : {reason}",
            }
        )
    if corrections:
        corrected = "entité corrigée" if corrections == 1 else "entités corrigées"
        changes.append(
            {
                "date": today.isoformat(),
                "corrected": corrections,
                "note": f"{_number(corrections)} {corrected} le {when} par la modération",
            }
        )
    for name in sorted(rewritten | _stale_entries(path)):
        manifest["files"][name] = snapshots.file_entry(path / name)
    temporary = storage.temporary_path(path, ".json")
    temporary.write_text(json.dumps(manifest, ensure_ascii=False, indent=2))
    os.replace(temporary, manifest_path)
