"""Officers write the news in the back-office: an image uploaded there is checked and stripped as a citizen's."""

import io

import pytest
from PIL import Image

from geoparticipation.news.models import Article, ArticleFile

from ..attachments.images import fake_image, jpeg_with_gps, pdf

ADD = "/admin/news/article/add/"


def article_form(**files):
    return {
        "title": "Les ateliers de décembre",
        "slug": "ateliers-decembre",
        "summary": "",
        "body": "Trois ateliers.",
        "process": "",
        "published": "on",
        "published_at_0": "2026-12-01",
        "published_at_1": "10:00:00",
        "files-TOTAL_FORMS": "2",
        "files-INITIAL_FORMS": "0",
        "files-MIN_NUM_FORMS": "0",
        "files-MAX_NUM_FORMS": "1000",
        "files-0-position": "0",
        "files-1-position": "1",
        **files,
    }


@pytest.fixture
def admin(client, officer):
    officer.is_superuser = True
    officer.save()
    client.force_login(officer)
    return client


def test_an_officer_publishes_an_article_with_a_photo_stripped_of_its_gps_position_and_a_pdf(admin, client):
    response = admin.post(
        ADD,
        article_form(**{"files-0-upload": jpeg_with_gps(), "files-0-alt_text": "Un atelier", "files-1-upload": pdf()}),
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    article = Article.objects.get()
    image, document = article.files.order_by("position")
    assert (image.kind, document.kind) == ("image", "document")
    served = b"".join(client.get(f"/actualites/fichiers/{image.pk}/").streaming_content)
    assert not Image.open(io.BytesIO(served)).getexif()
    assert "Un atelier" in client.get("/actualites/ateliers-decembre/").content.decode()


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"files-0-upload": "photo"}, "texte alternatif obligatoire"),
        ({"files-0-upload": "fake", "files-0-alt_text": "Une photo"}, "n&#x27;est pas une image JPEG ou PNG"),
    ],
)
def test_an_image_without_alt_text_or_a_fake_file_is_refused(admin, files, message):
    uploads = {"photo": jpeg_with_gps(), "fake": fake_image()}

    response = admin.post(ADD, article_form(**{k: uploads.get(v, v) for k, v in files.items()}))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Article.objects.exists() and not ArticleFile.objects.exists()


def test_a_draft_articles_files_are_not_served(client, admin):
    admin.post(ADD, article_form(published="", **{"files-0-upload": jpeg_with_gps(), "files-0-alt_text": "Photo"}))

    image = ArticleFile.objects.get()
    client.logout()
    assert client.get(f"/actualites/fichiers/{image.pk}/").status_code == 404
