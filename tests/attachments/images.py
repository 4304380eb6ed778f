"""Uploads made in the tests: a JPEG carrying a GPS EXIF block, a PNG, a PDF carrying its author's name, and fakes."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter

GPS_IFD = 0x8825


def jpeg_with_gps(name="photo.jpg", size=(1200, 800), orientation=None):
    """A photograph as a phone writes it: EXIF with the camera, the date and a GPS position (Grand-Place, Lille)."""
    image = Image.new("RGB", size, (200, 60, 60))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0132] = "2026:06:01 10:00:00"  # DateTime
    if orientation:
        exif[0x0112] = orientation
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (50.0, 38.0, 13.0), 3: "E", 4: (3.0, 3.0, 47.0)})
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def png(name="plan.png"):
    out = io.BytesIO()
    Image.new("RGBA", (300, 200), (0, 0, 145, 128)).save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


#: who a word processor writes into a PDF it exports: its document information and its XMP metadata
PDF_AUTHOR = "Jeanne Dupont-Exemple"


def pdf(name="dossier.pdf", size=400, *, encrypted=False):
    """A one-page PDF as an office suite exports it, with its author in the document information and in an XMP stream,
    padded with `size` bytes of comment."""
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_metadata({"/Author": PDF_AUTHOR, "/Creator": "Traitement de texte", "/Title": "Étude du quartier"})
    xmp = f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>{PDF_AUTHOR}</dc:creator></x:xmpmeta>'.encode()
    writer.xmp_metadata = xmp
    if encrypted:
        writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    content = out.getvalue() + b"%" + b"0" * size + b"\n"
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def fake_image(name="photo.jpg"):
    return SimpleUploadedFile(name, b"MZ\x90\x00 not an image at all", content_type="image/jpeg")


def fake_pdf(name="dossier.pdf"):
    return SimpleUploadedFile(name, b"<html><script>alert(1)</script></html>", content_type="application/pdf")
