from django import forms

from geoparticipation.console import roles
from geoparticipation.participation.models import Process, Theme
from geoparticipation.surveys.models import ParticipantProfile
from geoparticipation.territory.models import Commune

from .models import Tag
from .report import DECIDED
from .selectors import DIMENSIONS, ContributionFilter

NOT_GIVEN = ("unknown", "Non renseigné")


class FilterForm(forms.Form):
    """The filter bar shared by the list, the cross-tabulation, the where-from view and the exports (GET), for `user`:
    an officer of concertations chooses among theirs, and the filter keeps to them whatever the query string says."""

    process = forms.ModelChoiceField(Process.objects.all(), required=False, label="Concertation", empty_label="Toutes")
    kind = forms.ChoiceField(
        required=False,
        label="Type",
        choices=[("", "Propositions et annotations"), ("proposal", "Propositions"), ("annotation", "Annotations")],
    )
    theme = forms.ModelChoiceField(Theme.objects.all(), required=False, label="Thème", empty_label="Tous")
    tag = forms.ModelChoiceField(
        Tag.objects.select_related("parent"), required=False, label="Étiquette", empty_label="Toutes"
    )
    commune = forms.ModelChoiceField(
        Commune.objects.only("id", "nom", "insee"),
        required=False,
        label="Commune de la contribution",
        empty_label="Toutes",
    )
    home = forms.ChoiceField(required=False, label="Résidence de l'auteur")
    age_bracket = forms.ChoiceField(
        required=False,
        label="Tranche d'âge",
        choices=[("", "Toutes"), *ParticipantProfile.AgeBracket.choices, NOT_GIVEN],
    )
    gender = forms.ChoiceField(
        required=False, label="Genre", choices=[("", "Tous"), *ParticipantProfile.Gender.choices, NOT_GIVEN]
    )
    since = forms.DateField(required=False, label="Du", widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, label="Au", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = roles.managed_process_ids(user)
        self.fields["process"].queryset = roles.managed_processes(user)
        self.fields["home"].choices = [
            ("", "Toutes"),
            ("outside", "Hors métropole"),
            NOT_GIVEN,
            *((str(pk), nom) for pk, nom in Commune.objects.values_list("pk", "nom")),
        ]

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError("La date de début doit précéder la date de fin.")
        return data

    def spec(self) -> ContributionFilter:
        """The filter made of the valid fields; the page shows the errors of the others."""
        self.is_valid()
        data = self.cleaned_data
        chosen = {name: data[name] for name in self.fields if data.get(name) not in (None, "")}
        return ContributionFilter(**chosen, scope=self.scope)


class CrossTabForm(forms.Form):
    rows = forms.ChoiceField(label="En lignes", choices=[(k, v[0]) for k, v in DIMENSIONS.items()], initial="tag")
    columns = forms.ChoiceField(label="En colonnes", choices=[(k, v[0]) for k, v in DIMENSIONS.items()], initial="home")


class TagActionForm(forms.Form):
    tag = forms.ModelChoiceField(Tag.objects.select_related("parent"), label="Étiquette")
    action = forms.ChoiceField(
        choices=[("apply", "Appliquer"), ("remove", "Retirer"), ("apply_all", "Appliquer à tous")]
    )
    selected = forms.MultipleChoiceField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any "proposal:<id>" or "annotation:<id>" the page listed; checked again when parsed.
        self.fields["selected"].choices = [(v, v) for v in self.data.getlist("selected")] if self.data else []

    def clean(self):
        data = super().clean()
        if data.get("action") in ("apply", "remove") and not data.get("selected"):
            raise forms.ValidationError("Cochez au moins une contribution, ou choisissez « appliquer à tous ».")
        return data

    def selected_ids(self):
        ids = {"proposals": [], "annotations": []}
        for value in self.cleaned_data.get("selected", []):
            kind, _, pk = value.partition(":")
            if kind in ("proposal", "annotation") and pk.isdigit():
                ids[f"{kind}s"].append(int(pk))
        return ids


class TagCreateForm(forms.ModelForm):
    class Meta:
        model = Tag
        fields = ["name", "parent"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Tag.objects.filter(parent__isnull=True)
        self.fields["parent"].empty_label = "— aucun : c'est un thème —"


class AnswerSearchForm(forms.Form):
    """The search of the public report's answered proposals (GET): the page's list and its CSV download."""

    q = forms.CharField(required=False, max_length=200, label="Titre contenant")
    etat = forms.ChoiceField(required=False, label="Décision")
    theme = forms.ModelChoiceField(
        Theme.objects.all(), required=False, to_field_name="slug", label="Thème", empty_label="Tous"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["etat"].choices = [("", "Toutes"), *((state.value, state.label) for state in DECIDED)]

    def error_text(self):
        return " ".join(f"{name} : {' '.join(errors)}" for name, errors in self.errors.items())


class AnswerCursorForm(forms.Form):
    """Where a page of the report's answers starts: after the answer of id `apres`, or ends: before that of `avant`."""

    apres = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1, label="après")
    avant = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1, label="avant")

    def clean(self):
        if self.cleaned_data.get("apres") and self.cleaned_data.get("avant"):
            raise forms.ValidationError("donnez « apres » ou « avant », pas les deux.")
        return self.cleaned_data

    def error_text(self):
        return " ".join(f"{name} : {' '.join(errors)}" for name, errors in self.errors.items())
