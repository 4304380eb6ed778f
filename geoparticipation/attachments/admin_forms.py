from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from .processing import check_image, check_pdf


class StoredFileAdminForm(forms.ModelForm):
    """One image or PDF in a back-office inline: the upload is recognised by its content and checked as the
    citizens' are (processing.py): an image is stored re-encoded without EXIF, a PDF as sent."""

    upload = forms.FileField(label="Fichier (JPEG, PNG ou PDF)", required=False)

    class Meta:
        fields = ("upload", "alt_text", "position")

    def has_changed(self):
        """An extra row left without a file or a text is no row, whatever its position says."""
        if self.instance.pk is None and not self.files.get(self.add_prefix("upload")):
            return bool(self.data.get(self.add_prefix("alt_text"), "").strip())
        return super().has_changed()

    def clean(self):
        data = super().clean()
        upload = data.get("upload")
        self.checked = None
        if upload is None:
            if self.instance.pk is None:
                self.add_error("upload", "Choisissez un fichier.")
            return data
        try:
            self.checked = check_image(upload)
        except ValidationError as not_an_image:
            try:
                self.checked = check_pdf(upload)
            except ValidationError:
                self.add_error("upload", not_an_image)
                return data
        kind = self.instance.Kind.IMAGE if self.checked.thumbnail else self.instance.Kind.DOCUMENT
        if kind == self.instance.Kind.IMAGE and not (data.get("alt_text") or "").strip():
            self.add_error("alt_text", "Décrivez l'image en quelques mots (texte alternatif obligatoire).")
        return data

    def save(self, commit=True):
        instance = super().save(commit=False)
        if self.checked is not None:
            checked = self.checked
            instance.kind = instance.Kind.IMAGE if checked.thumbnail else instance.Kind.DOCUMENT
            instance.original_name = checked.original_name
            instance.size, instance.width, instance.height = checked.size, checked.width, checked.height
            instance.file.save(f"f.{checked.extension}", ContentFile(checked.content), save=False)
            if checked.thumbnail:
                instance.thumbnail.save(f"t.{checked.extension}", ContentFile(checked.thumbnail), save=False)
        if commit:
            instance.save()
        return instance
