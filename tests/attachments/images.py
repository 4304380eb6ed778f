"""Uploads made in the tests: a JPEG carrying a GPS EXIF block, a PNG, a PDF, and fakes."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

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


def pdf(name="dossier.pdf", size=400):
    return SimpleUploadedFile(name, b"%PDF-1.4\n" + b"0" * size + b"\n%%EOF\n", content_type="application/pdf")


def fake_image(name="photo.jpg"):
    return SimpleUploadedFile(name, b"MZ\x90\x00 not an image at all", content_type="image/jpeg")


def fake_pdf(name="dossier.pdf"):
    return SimpleUploadedFile(name, b"<html><script>alert(1)</script></html>", content_type="application/pdf")
