"""What an uploaded file is, read from its bytes: the name and the browser's content type are not trusted.

An image is decoded by Pillow and written again from its pixels alone, after its EXIF orientation is applied: the
stored file and its thumbnail carry no EXIF (GPS position, camera, date), no XMP, no ICC profile, no comment. A PDF is
read by pypdf and written again without its document information (author, creator, dates) and XMP metadata.
"""

import io
import os
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError

MEGABYTE = 1024 * 1024
#: the larger side of a stored image and of its thumbnail, in pixels
FULL_SIZE = 2560
THUMBNAIL_SIZE = 480
#: more pixels than a phone's photograph: refused before decoding (a small file can decode to gigabytes)
MAX_PIXELS = 50_000_000
FORMATS = {"JPEG": ("jpg", "image/jpeg"), "PNG": ("png", "image/png")}
#: what Pillow calls some uploads that are JPEG files: many phones write MPO (a JPEG with a depth or preview image)
AS_JPEG = {"MPO"}
CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png", "pdf": "application/pdf"}


@dataclass
class CheckedFile:
    """A file ready to store: its bytes, the extension they deserve, and what the page shows of it."""

    content: bytes
    extension: str
    original_name: str
    thumbnail: bytes | None = None
    width: int | None = None
    height: int | None = None

    @property
    def size(self) -> int:
        return len(self.content)


def display_name(upload) -> str:
    """The name the person gave the file, for display only: no folders, no control characters, 200 characters."""
    name = os.path.basename((upload.name or "").replace("\\", "/"))
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip()
    return name[:200] or _("fichier")


def _check_size(upload, megabytes, label):
    if upload.size > megabytes * MEGABYTE:
        raise ValidationError(
            _("%(name)s dépasse la taille permise (%(limit)s Mo au plus pour %(label)s).")
            % {"name": display_name(upload), "limit": megabytes, "label": label}
        )


def _encode(image: Image.Image, image_format: str) -> bytes:
    out = io.BytesIO()
    if image_format == "JPEG":
        image.save(out, "JPEG", quality=85, optimize=True)
    else:
        image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _pixels_only(image: Image.Image, image_format: str) -> Image.Image:
    """A new image made of the pixels alone, so that nothing of the upload's metadata can follow into the file."""
    if image_format == "JPEG":
        mode = "L" if image.mode in ("1", "L") else "RGB"
    else:
        mode = "RGBA" if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info else "RGB"
    converted = image.convert(mode)
    return Image.frombytes(mode, converted.size, converted.tobytes())


def check_image(upload) -> CheckedFile:
    """A JPEG or PNG image re-encoded without metadata, at most FULL_SIZE pixels a side, with its thumbnail."""
    _check_size(upload, settings.UPLOAD_MAX_IMAGE_MB, _("une image"))
    not_an_image = ValidationError(
        _("%(name)s n'est pas une image JPEG ou PNG lisible.") % {"name": display_name(upload)}
    )
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            image_format = "JPEG" if probe.format in AS_JPEG else probe.format
            if image_format not in FORMATS:
                raise not_an_image
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(
                    _("%(name)s a trop de pixels (%(width)s × %(height)s).")
                    % {"name": display_name(upload), "width": probe.width, "height": probe.height}
                )
            probe.load()
            image = ImageOps.exif_transpose(probe)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise not_an_image from None
    clean = _pixels_only(image, image_format)
    clean.thumbnail((FULL_SIZE, FULL_SIZE))
    thumbnail = clean.copy()
    thumbnail.thumbnail((THUMBNAIL_SIZE, THUMBNAIL_SIZE))
    return CheckedFile(
        content=_encode(clean, image_format),
        extension=FORMATS[image_format][0],
        original_name=display_name(upload),
        thumbnail=_encode(thumbnail, image_format),
        width=clean.width,
        height=clean.height,
    )


#: what a PDF's catalogue and pages may hold about its author and tools, beside the document information dictionary
PDF_METADATA_KEYS = ("/Metadata", "/PieceInfo")


def _rewritten(content: bytes, *, drop: tuple = ()) -> bytes:
    """The PDF `content` written again from what its trailer reaches, without document information nor the keys
    `drop` of its catalogue and pages."""
    reader = PdfReader(io.BytesIO(content))
    if reader.is_encrypted:
        raise ValueError("encrypted")
    writer = PdfWriter(clone_from=reader)
    writer.metadata = None
    for holder in (writer.root_object, *writer.pages):
        for key in drop:
            holder.pop(key, None)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _without_metadata(content: bytes) -> bytes:
    """The PDF `content` without its document information (author, tools, dates) and its XMP streams. pypdf still
    writes the objects it no longer references, so a second writing copies only what the first one references."""
    return _rewritten(_rewritten(content, drop=PDF_METADATA_KEYS))


def check_pdf(upload) -> CheckedFile:
    """A PDF document, recognised by its first bytes (`%PDF-`) and read whole, stored without its metadata."""
    _check_size(upload, settings.UPLOAD_MAX_PDF_MB, _("un document PDF"))
    upload.seek(0)
    content = upload.read()
    name = display_name(upload)
    if not content.startswith(b"%PDF-"):
        raise ValidationError(_("%(name)s n'est pas un document PDF.") % {"name": name})
    try:
        content = _without_metadata(content)
    except ValueError as error:
        if str(error) == "encrypted":
            raise ValidationError(
                _("%(name)s est protégé par un mot de passe : envoyez-le sans protection.") % {"name": name}
            ) from None
        raise ValidationError(_("%(name)s n'est pas un document PDF lisible.") % {"name": name}) from None
    except (PyPdfError, OSError, KeyError, TypeError, AttributeError, IndexError, RecursionError):
        raise ValidationError(_("%(name)s n'est pas un document PDF lisible.") % {"name": name}) from None
    return CheckedFile(content=content, extension="pdf", original_name=name)
