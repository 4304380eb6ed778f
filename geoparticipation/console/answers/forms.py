"""The answers' forms: the filters of the two lists, the answer (one proposal or many) and the answer templates."""

from django import forms

from geoparticipation.participation.models import Process, Proposal, Theme
from geoparticipation.territory.models import Commune

from ..models import AnswerTemplate

ANSWER_STATES = AnswerTemplate.State.choices


class DueFilter(forms.Form):
    process = forms.ModelChoiceField(
        Process.objects.none(), required=False, label="Concertation", empty_label="Toutes", to_field_name="slug"
    )
    commune = forms.ModelChoiceField(
        Commune.objects.all(), required=False, label="Commune", empty_label="Toutes", to_field_name="insee"
    )
    theme = forms.ModelChoiceField(
        Theme.objects.all(), required=False, label="Thème", empty_label="Tous", to_field_name="slug"
    )
    overdue = forms.BooleanField(required=False, label="En retard seulement")

    def __init__(self, *args, processes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["process"].queryset = processes.order_by("title")


class SpaceFilter(forms.Form):
    SORTS = {
        "recent": ("-published_at", "-id"),
        "supports": ("-supports_count", "-id"),
        "comments": ("-comments_count", "-id"),
        "due": ("published_at", "id"),
    }

    state = forms.ChoiceField(choices=[("", "Tous")] + Proposal.State.choices, required=False, label="État")
    theme = forms.ModelChoiceField(
        Theme.objects.none(), required=False, label="Thème", empty_label="Tous", to_field_name="slug"
    )
    commune = forms.ModelChoiceField(
        Commune.objects.all(), required=False, label="Commune", empty_label="Toutes", to_field_name="insee"
    )
    answered = forms.ChoiceField(
        choices=[("", "Toutes"), ("oui", "Répondues"), ("non", "Sans réponse")], required=False, label="Réponse"
    )
    due = forms.ChoiceField(
        choices=[("", "Toutes"), ("dues", "Réponse due"), ("retard", "Réponse en retard")],
        required=False,
        label="Échéance",
    )
    sort = forms.ChoiceField(
        choices=[
            ("recent", "Les plus récentes"),
            ("supports", "Les plus soutenues"),
            ("comments", "Les plus commentées"),
            ("due", "Échéance la plus proche"),
        ],
        required=False,
        label="Trier par",
    )

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = process.themes.all()


class AnswerForm(forms.Form):
    state = forms.ChoiceField(choices=[("", "Choisir…")] + ANSWER_STATES, label="État donné à la proposition")
    answer = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        label="Réponse motivée",
        error_messages={"required": "Écrivez la réponse : elle est publiée avec la proposition."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].error_messages["required"] = "Choisissez l'état donné à la proposition."


class AnswerTemplateForm(forms.ModelForm):
    class Meta:
        model = AnswerTemplate
        fields = ["state", "title", "text", "process"]
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, processes, administrator, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["process"]
        field.queryset = processes.order_by("title")
        field.required = not administrator
        field.empty_label = "Toutes les concertations" if administrator else None
