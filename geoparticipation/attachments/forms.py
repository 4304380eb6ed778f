from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .processing import check_image, check_pdf


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented recipe): a list of uploads, each checked by FileField."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class FilesForm(forms.Form):
    """Images (each with its alternative text, required) and PDF documents; each file checked by reading it
    (processing.py). The form needs `enctype="multipart/form-data"`; cleaned, `checked_images` holds
    (CheckedFile, alternative text) pairs and `checked_documents` the documents."""

    def __init__(self, *args, max_images, max_documents, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_documents = max_documents
        self.image_slots = []
        for number in range(1, max_images + 1):
            self.fields[f"image_{number}"] = forms.FileField(
                label=_("Image %(number)s (JPEG ou PNG, %(limit)s Mo au plus)")
                % {"number": number, "limit": settings.UPLOAD_MAX_IMAGE_MB},
                required=False,
                widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png"}),
            )
            self.fields[f"image_{number}_alt"] = forms.CharField(
                label=_("Description de l'image %(number)s (texte alternatif)") % {"number": number},
                help_text=_(
                    "Ce que montre l'image, pour les personnes qui ne la voient pas : obligatoire avec une image."
                ),
                required=False,
                max_length=300,
            )
            self.image_slots.append((self[f"image_{number}"], self[f"image_{number}_alt"]))
        if max_documents:
            self.fields["documents"] = MultipleFileField(
                label=_("Documents PDF (%(count)s au plus, %(limit)s Mo chacun)")
                % {"count": max_documents, "limit": settings.UPLOAD_MAX_PDF_MB},
                required=False,
                widget=MultipleFileInput(attrs={"multiple": True, "accept": "application/pdf"}),
            )

    def clean(self):
        data = super().clean()
        self.checked_images, self.checked_documents = [], []
        for number in range(1, len(self.image_slots) + 1):
            upload, alt_text = data.get(f"image_{number}"), (data.get(f"image_{number}_alt") or "").strip()
            if not upload:
                continue
            try:
                checked = check_image(upload)
            except ValidationError as error:
                self.add_error(f"image_{number}", error)
                continue
            if not alt_text:
                self.add_error(
                    f"image_{number}_alt",
                    _("Décrivez l'image %(number)s en quelques mots (texte alternatif obligatoire).")
                    % {"number": number},
                )
                continue
            self.checked_images.append((checked, alt_text))
        documents = data.get("documents") or []
        if len(documents) > self.max_documents:
            self.add_error(
                "documents",
                _("%(count)s documents au plus (%(sent)s envoyés).")
                % {"count": self.max_documents, "sent": len(documents)},
            )
            documents = []
        for upload in documents:
            try:
                self.checked_documents.append(check_pdf(upload))
            except ValidationError as error:
                self.add_error("documents", error)
        return data


class ProposalFilesForm(FilesForm):
    def __init__(self, *args, **kwargs):
        super().__init__(
            *args, max_images=settings.PROPOSAL_MAX_IMAGES, max_documents=settings.PROPOSAL_MAX_DOCUMENTS, **kwargs
        )
