"""The moderation console's forms: the queue's and the journal's filters, hiding, correcting."""

from django import forms
from django.db.models import Q

from geoparticipation.accounts.models import User
from geoparticipation.console.models import Role
from geoparticipation.moderation.models import ModerationAction
from geoparticipation.participation.models import ModerationReason

from .kinds import KINDS
from .selectors import STATES, WAITING


class QueueFilter(forms.Form):
    concertation = forms.ModelChoiceField(queryset=None, required=False, empty_label="Toutes", label="Concertation")
    type = forms.ChoiceField(
        choices=[("", "Tous")] + [(kind.slug, kind.label) for kind in KINDS], required=False, label="Type de contenu"
    )
    etat = forms.ChoiceField(choices=STATES, required=False, initial=WAITING, label="État")

    def __init__(self, data, *, processes):
        super().__init__(data)
        self.fields["concertation"].queryset = processes.order_by("title")
        self.fields["concertation"].to_field_name = "slug"


class HideForm(forms.Form):
    category = forms.ChoiceField(choices=ModerationReason.choices, label="Motif public")
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Note à l'auteur (non publique)",
        help_text="Envoyée à l'auteur par courriel et gardée dans le journal ; elle n'est pas publiée.",
    )


class CorrectForm(forms.Form):
    category = forms.ChoiceField(choices=ModerationReason.choices, label="Motif de la correction")
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Ce qui a été corrigé et pourquoi")

    def __init__(self, *args, kind, content, **kwargs):
        super().__init__(*args, **kwargs)
        if kind.title_field:
            self.fields[kind.title_field] = forms.CharField(
                label="Titre", max_length=150, initial=getattr(content, kind.title_field)
            )
        self.fields[kind.text_field] = forms.CharField(
            widget=forms.Textarea(attrs={"rows": 6}), label="Texte", initial=getattr(content, kind.text_field)
        )
        self.order_fields([kind.title_field, kind.text_field, "category", "reason"])
        self.texts = [f for f in (kind.title_field, kind.text_field) if f]


class JournalFilter(forms.Form):
    concertation = forms.ModelChoiceField(queryset=None, required=False, empty_label="Toutes", label="Concertation")
    action = forms.ChoiceField(
        choices=[("", "Toutes")] + list(ModerationAction.Kind.choices), required=False, label="Action"
    )
    agent = forms.ModelChoiceField(queryset=None, required=False, empty_label="Tous", label="Agent")
    du = forms.DateField(required=False, label="Du", widget=forms.DateInput(attrs={"type": "date"}))
    au = forms.DateField(required=False, label="Au", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, data, *, processes):
        super().__init__(data)
        self.fields["concertation"].queryset = processes.order_by("title")
        self.fields["concertation"].to_field_name = "slug"
        # Who may moderate: administrators and officers of a concertation (a commune officer answers only).
        self.fields["agent"].queryset = (
            User.objects.filter(
                Q(is_superuser=True) | Q(console_roles__kind__in=[Role.Kind.ADMINISTRATOR, Role.Kind.PROCESS_OFFICER])
            )
            .distinct()
            .order_by("pseudonym")
        )

    def clean(self):
        data = super().clean()
        if data.get("du") and data.get("au") and data["du"] > data["au"]:
            raise forms.ValidationError("La date de début doit précéder la date de fin.")
        return data
