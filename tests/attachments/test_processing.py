"""Uploads are recognised by their bytes, images are stored without any EXIF (GPS position included), and PDFs without
their author."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfReader

from geoparticipation.attachments.processing import check_image, check_pdf

from .images import GPS_IFD, PDF_AUTHOR, fake_image, fake_pdf, jpeg_with_gps, pdf, png


def opened(content):
    return Image.open(io.BytesIO(content))


def test_a_photograph_is_stored_and_thumbnailed_without_exif_or_gps_position():
    upload = jpeg_with_gps()
    assert opened(upload.read()).getexif().get_ifd(GPS_IFD)  # the upload carries a position

    checked = check_image(upload)

    for content in (checked.content, checked.thumbnail):
        image = opened(content)
        assert image.format == "JPEG"
        assert not image.getexif()
        assert "exif" not in image.info and "icc_profile" not in image.info
        assert b"Exif" not in content and b"PhoneMaker" not in content
    assert max(opened(checked.thumbnail).size) == 480


def test_the_orientation_is_applied_before_the_exif_is_dropped():
    checked = check_image(jpeg_with_gps(size=(600, 400), orientation=6))  # « rotate 90° clockwise to display »

    assert (checked.width, checked.height) == (400, 600)
    assert not opened(checked.content).getexif()


def test_a_png_stays_a_png_with_its_transparency():
    checked = check_image(png())

    assert checked.extension == "png"
    assert opened(checked.content).mode == "RGBA"


@pytest.mark.parametrize("upload", [fake_image(), pdf("photo.jpg")], ids=["garbage", "a-pdf-named-jpg"])
def test_a_file_that_is_not_an_image_is_refused_whatever_its_name_and_type(upload):
    with pytest.raises(ValidationError, match="n'est pas une image JPEG ou PNG"):
        check_image(upload)


def test_a_pdf_is_recognised_by_its_first_bytes():
    assert check_pdf(pdf()).extension == "pdf"
    with pytest.raises(ValidationError, match="n'est pas un document PDF"):
        check_pdf(fake_pdf())


def test_a_pdf_is_stored_without_its_author_in_its_information_or_its_xmp_and_keeps_its_pages():
    upload = pdf()
    assert PDF_AUTHOR.encode() in upload.read()  # the upload names its author, twice

    checked = check_pdf(upload)

    assert PDF_AUTHOR.encode() not in checked.content and b"Traitement de texte" not in checked.content
    stored = PdfReader(io.BytesIO(checked.content))
    assert stored.metadata is None and stored.xmp_metadata is None
    assert len(stored.pages) == 1


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (pdf(encrypted=True), "est protégé par un mot de passe"),
        (SimpleUploadedFile("coupé.pdf", pdf().read()[:200]), "n'est pas un document PDF lisible"),
        (SimpleUploadedFile("vide.pdf", b"%PDF-1.7\n%%EOF\n"), "n'est pas un document PDF lisible"),
    ],
    ids=["encrypted", "truncated", "empty"],
)
def test_a_pdf_that_cannot_be_read_whole_is_refused_with_its_reason(upload, message):
    with pytest.raises(ValidationError, match=message):
        check_pdf(upload)


def test_sizes_are_limited_by_the_settings(settings):
    settings.UPLOAD_MAX_IMAGE_MB = settings.UPLOAD_MAX_PDF_MB = 1
    with pytest.raises(ValidationError, match="dépasse la taille permise"):
        check_pdf(pdf(size=2 * 1024 * 1024))
    big = jpeg_with_gps()
    big.size = 2 * 1024 * 1024
    with pytest.raises(ValidationError, match="1 Mo au plus"):
        check_image(big)


def test_a_phones_mpo_photograph_is_taken_as_the_jpeg_it_is():
    out = io.BytesIO()
    frames = [Image.new("RGB", (200, 100), (10, 10, 10)), Image.new("RGB", (200, 100), (200, 200, 200))]
    frames[0].save(out, "MPO", save_all=True, append_images=frames[1:])
    upload = SimpleUploadedFile("IMG_0001.jpg", out.getvalue(), content_type="image/jpeg")
    assert Image.open(io.BytesIO(out.getvalue())).format == "MPO"

    checked = check_image(upload)

    assert checked.extension == "jpg" and opened(checked.content).format == "JPEG"
