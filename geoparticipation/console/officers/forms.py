from django import forms

from geoparticipation.participation.models import Process
from geoparticipation.territory.models import Commune

from ..models import Role
from . import services


class RoleFilterForm(forms.Form):
    kind = forms.ChoiceField(label="Rôle", choices=[("", "Tous les rôles"), *Role.Kind.choices], required=False)


class RoleGrantForm(forms.Form):
    email = forms.EmailField(
        label="Adresse e-mail",
        help_text="Sans compte à cette adresse, la personne reçoit une invitation à en créer un.",
    )
    kind = forms.ChoiceField(label="Rôle", choices=Role.Kind.choices)
    process = forms.ModelChoiceField(
        label="Concertation (pour un agent de concertation)",
        queryset=Process.objects.order_by("title"),
        required=False,
        empty_label="Choisir une concertation",
    )
    commune = forms.ModelChoiceField(
        label="Commune (pour un agent de commune)",
        queryset=Commune.objects.order_by("nom"),
        required=False,
        empty_label="Choisir une commune",
    )

    def clean_email(self):
        return services.normalize(self.cleaned_data["email"])

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == Role.Kind.PROCESS_OFFICER and not data.get("process"):
            self.add_error("process", "Choisissez la concertation de cet agent.")
        if kind == Role.Kind.COMMUNE_OFFICER and not data.get("commune"):
            self.add_error("commune", "Choisissez la commune de cet agent.")
        if kind != Role.Kind.PROCESS_OFFICER:
            data["process"] = None
        if kind != Role.Kind.COMMUNE_OFFICER:
            data["commune"] = None
        return data


class PrivacyForm(forms.Form):
    is_private = forms.BooleanField(label="Espace privé : seuls ses membres voient la concertation", required=False)


class MemberAddForm(forms.Form):
    email = forms.EmailField(label="Adresse e-mail du membre")

    def clean_email(self):
        return services.normalize(self.cleaned_data["email"])


class MembersImportForm(forms.Form):
    file = forms.FileField(
        label="Fichier CSV d'adresses e-mail",
        help_text="Une adresse par ligne, ou une colonne « email », « e-mail » ou « courriel » ; "
        "UTF-8 ou Latin-1, séparateur « ; » ou « , » ; 10 000 lignes au plus.",
    )

    MAX_BYTES = 2 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError("Le fichier dépasse 2 Mo : découpez-le.")
        return upload
