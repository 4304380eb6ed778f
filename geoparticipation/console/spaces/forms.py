"""The forms of a concertation's space: creation, presentation, calendar and territory."""

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.forms import inlineformset_factory
from django.utils.text import slugify

from geoparticipation.attachments.processing import check_image
from geoparticipation.participation import rules
from geoparticipation.participation.models import Phase, Process, Theme
from geoparticipation.territory.models import Commune


class ProcessCreateForm(forms.ModelForm):
    slug = forms.SlugField(
        label="Adresse (slug)",
        required=False,
        help_text="Laisser vide pour la déduire du titre.",
        error_messages={"invalid": "L'adresse ne prend que des lettres sans accent, des chiffres et des tirets."},
    )

    class Meta:
        model = Process
        fields = ("title", "slug", "subtitle")
        error_messages = {"title": {"required": "Donnez un titre à la concertation."}}

    def clean_slug(self):
        slug = self.cleaned_data.get("slug") or slugify(self.cleaned_data.get("title") or "")[:50]
        if not slug:
            raise ValidationError("Choisissez une adresse : le titre n'en donne pas.")
        if Process.objects.filter(slug=slug).exists():
            raise ValidationError(f"L'adresse « {slug} » est déjà celle d'une autre concertation.")
        return slug

    def save(self, commit=True):
        process = super().save(commit=False)
        # A new concertation stays unpublished until its officer publishes it from its space.
        process.published = False
        if commit:
            process.save()
        return process


class PresentationForm(forms.ModelForm):
    new_theme = forms.CharField(
        label="Nouveau thème", required=False, max_length=100, help_text="Créé et ajouté à la concertation."
    )
    image_upload = forms.FileField(label="Image (JPEG ou PNG)", required=False)
    remove_image = forms.BooleanField(label="Retirer l'image", required=False)

    class Meta:
        model = Process
        fields = ("title", "subtitle", "presentation", "modalities", "themes", "image_alt")
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "presentation": forms.Textarea(attrs={"rows": 10}),
            "modalities": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "presentation": "En Markdown : titres, listes, liens, gras et italique.",
            "modalities": "En Markdown, comme la présentation.",
        }
        error_messages = {"title": {"required": "Donnez un titre à la concertation."}}

    def clean_image_upload(self):
        upload = self.cleaned_data.get("image_upload")
        return check_image(upload) if upload else None

    def clean(self):
        cleaned_data = super().clean()
        has_image = bool(cleaned_data.get("image_upload")) or (
            bool(self.instance.image) and not cleaned_data.get("remove_image")
        )
        if has_image and not cleaned_data.get("image_alt"):
            self.add_error("image_alt", "Décrivez l'image en quelques mots pour qui ne la voit pas.")
        return cleaned_data

    def save(self, commit=True):
        process = super().save(commit=False)
        checked = self.cleaned_data.get("image_upload")
        if checked:
            process.image.save(f"{uuid.uuid4().hex}.{checked.extension}", ContentFile(checked.content), save=False)
        elif self.cleaned_data.get("remove_image"):
            process.image = ""
            process.image_alt = ""
        process.save()
        self.save_m2m()
        if name := self.cleaned_data.get("new_theme", "").strip():
            theme = Theme.objects.filter(name__iexact=name).first()
            if theme is None:
                theme = Theme.objects.create(name=name, slug=_free_theme_slug(name))
            process.themes.add(theme)
        return process


def _free_theme_slug(name):
    base = slugify(name)[:40] or "theme"
    slug, n = base, 1
    while Theme.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


class PhaseForm(forms.ModelForm):
    class Meta:
        model = Phase
        fields = ("position", "title", "start_date", "end_date", "description", *(a.field for a in rules.ACTIONS))
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 2}),
            "position": forms.NumberInput(attrs={"min": 0}),
        }
        error_messages = {
            "title": {"required": "Donnez un titre à la phase."},
            "start_date": {"required": "Indiquez la date de début.", "invalid": "Date de début invalide."},
            "end_date": {"required": "Indiquez la date de fin.", "invalid": "Date de fin invalide."},
            "position": {"required": "Indiquez l'ordre de la phase."},
        }

    def _get_validation_exclusions(self):
        # The order is checked across the formset (BasePhaseFormSet): phases that swap places meet in the database
        # only once both are saved.
        return super()._get_validation_exclusions() | {"position"}

    def clean(self):
        cleaned_data = super().clean()
        start, end = cleaned_data.get("start_date"), cleaned_data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "La phase doit se terminer après son début.")
        return cleaned_data

    @property
    def rule_fields(self):
        return [self[a.field] for a in rules.ACTIONS]


class BasePhaseFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        positions = [
            form.cleaned_data["position"]
            for form in self.forms
            if form.cleaned_data.get("position") is not None and not form.cleaned_data.get("DELETE")
        ]
        if len(positions) != len(set(positions)):
            raise ValidationError("Deux phases ont le même ordre : donnez à chacune un numéro différent.")


PhaseFormSet = inlineformset_factory(Process, Phase, form=PhaseForm, formset=BasePhaseFormSet, extra=1, can_delete=True)


class TerritoryForm(forms.Form):
    whole = forms.ChoiceField(
        label="Territoire",
        choices=(("all", "Toute la métropole"), ("some", "Certaines communes")),
        widget=forms.RadioSelect,
    )
    communes = forms.ModelMultipleChoiceField(
        label="Communes",
        queryset=Commune.objects.defer("geom").order_by("nom"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("whole") == "some" and not cleaned_data.get("communes"):
            self.add_error("communes", "Cochez au moins une commune, ou choisissez toute la métropole.")
        return cleaned_data
