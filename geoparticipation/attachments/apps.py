from django.apps import AppConfig


class AttachmentsConfig(AppConfig):
    """Images and PDF documents joined to proposals and news: checked by reading them, re-encoded without EXIF."""

    name = "geoparticipation.attachments"
    verbose_name = "Images et documents"

    def ready(self):
        from .models import ProposalFile
        from .signals import delete_files_with

        delete_files_with(ProposalFile)
