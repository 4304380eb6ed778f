from django.core.management import call_command
from django.test import override_settings


def test_the_production_static_storage_collects_every_file(tmp_path):
    """Hashed names rewrite every reference between static files; a dangling one fails the deployment."""
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
    assert (tmp_path / "staticfiles.json").exists()
