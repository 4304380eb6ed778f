"""The catalogue page, its DCAT-AP twin, and the downloads: files written once per data version, then streamed."""

import datetime
import hashlib
import json

from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.views.decorators.http import condition

from layers import registry
from layers.http import conditional_feed, data_version
from layers.params import unknown_parameters

from . import catalog, density, exports, jsonld, snapshots
from .formats import CSVT_MEDIA_TYPE, FORMATS

DOWNLOAD_PARAMETERS = {"crs", "process"}
# Snapshot files a browser shows rather than saves.
SNAPSHOT_INLINE = {"json", "jsonld", "png"}


def _media_type(extension):
    if extension in FORMATS:
        return FORMATS[extension].media_type
    if extension == "csvt":
        return CSVT_MEDIA_TYPE
    if extension in catalog.RASTER_FORMATS:
        return catalog.RASTER_FORMATS[extension][1]
    return "application/ld+json" if extension == "jsonld" else "application/octet-stream"


def _bad_request(message):
    return HttpResponseBadRequest(message + "\n", content_type="text/plain; charset=utf-8")


def _catalog_etag(request):
    """The catalogue changes with the data and with the first snapshot (its issue date)."""
    version, modified = data_version()
    return hashlib.sha1(f"{version}|{modified}|{snapshots.first_date()}|{request.get_host()}".encode()).hexdigest()


def _catalog_last_modified(request):
    """The later of the data's last change and the snapshots folder's: a snapshot written or removed (which may
    change the first one) changes the folder's time."""
    folder = datetime.datetime.fromtimestamp(snapshots.folder().stat().st_mtime, datetime.UTC)
    return max(data_version()[1], folder)


# No ETag on the page: its header shows who is logged in, which the data version knows nothing of.
def catalogue(request):
    return render(request, "opendata/catalogue.html", catalog.context())


@condition(etag_func=_catalog_etag, last_modified_func=_catalog_last_modified)
def catalog_jsonld(request):
    document = jsonld.document(catalog.context(), request.build_absolute_uri)
    return HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=1), content_type="application/ld+json; charset=utf-8"
    )


@conditional_feed
def download(request, layer_id, extension):
    layer = registry.get(layer_id)
    if layer is None:
        raise Http404(f"Couche inconnue : {layer_id}.")
    if message := unknown_parameters(request.GET, DOWNLOAD_PARAMETERS):
        return _bad_request(message)
    crs = request.GET.get("crs", "4326")
    if crs not in {str(srid) for srid in exports.SRIDS}:
        return _bad_request(
            f"crs={crs} n'est pas pris en charge : 4326 (WGS 84, par défaut), 2154 (Lambert-93), 3950 (CC50), "
            "4258 (ETRS89) ou 3035 (ETRS89-LAEA Europe)."
        )
    process = request.GET.get("process")
    if process is not None:
        if "process" not in layer.columns:
            return _bad_request(f"La couche {layer.id} n'a pas d'extrait par concertation.")
        if process not in {slug for slug, _, _ in catalog.facts()["processes"]}:
            return _bad_request(
                f"Aucune concertation publique avec des contributions ne porte l'identifiant {process}."
            )
    srid = int(crs)
    if extension == "csvt":
        # Named like the CSV it describes, so that saved beside it QGIS and OGR find it.
        response = HttpResponse(exports.csvt(layer), content_type=CSVT_MEDIA_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{exports.filename(layer, extension, srid, process)}"'
        return response
    path = exports.export(layer, extension, srid, process)
    return FileResponse(
        open(path, "rb"),
        as_attachment=True,
        filename=exports.filename(layer, extension, srid, process),
        content_type=FORMATS[extension].media_type,
    )


@conditional_feed
def raster(request, name):
    stem, _, extension = name.partition(".")
    process = stem.removeprefix("density-") if stem != "density" else None
    if process is not None and process not in {slug for slug, _, _ in catalog.facts()["processes"]}:
        raise Http404(f"Aucune carte de densité pour {process}.")
    path = density.write(stem, process)[f".{extension}"]
    return FileResponse(open(path, "rb"), filename=name, content_type=_media_type(extension))


def snapshot_file(request, day, name):
    try:
        date = datetime.date.fromisoformat(day)
    except ValueError:
        raise Http404("Date invalide.") from None
    path = snapshots.file_path(date, name)
    if path is None:
        raise Http404("Aucun fichier de ce nom dans cet instantané.")
    extension = name.partition(".")[2]
    response = FileResponse(
        open(path, "rb"),
        as_attachment=extension not in SNAPSHOT_INLINE,
        filename=name,
        content_type=_media_type(extension),
    )
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
