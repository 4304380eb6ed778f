"""Back-office forms: a location is checked as in the API, and an answer says where it leaves the proposal."""

from django import forms
from django.core.exceptions import ValidationError

from . import rules
from .geometry import clean_geometry
from .models import ModerationReason, Proposal

ANSWER_STATES = (Proposal.State.EVALUATING, Proposal.State.ACCEPTED, Proposal.State.REJECTED)


class HideForm(forms.Form):
    category = forms.ChoiceField(
        label="Motif public",
        choices=ModerationReason.choices,
        help_text="Affiché à la place du contenu masqué.",
        error_messages={"required": "Choisissez le motif public du masquage."},
    )
    reason = forms.CharField(
        label="Motif du masquage",
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text="Envoyé à l'auteur et conservé avec le contenu, avec votre nom et la date ; jamais publié.",
        error_messages={"required": "Indiquez le motif du masquage."},
    )


class ContributionAdminForm(forms.ModelForm):
    """A location outside the metropolis, or outside the concertation's communes, is an error on the map field; a
    contribution added while the concertation's calendar refuses it (rules.py), an error on the concertation."""

    allowed_types = ("Point",)
    #: what adding one asks of the calendar; None for what officers enter freely (meetings)
    action = None

    def clean(self):
        cleaned_data = super().clean()
        process, geom = cleaned_data.get("process"), cleaned_data.get("geom")
        if process is not None and self.action is not None and self.instance._state.adding:
            if reason := rules.refusal(process, self.action):
                self.add_error("process", reason)
        if process is None or geom is None:
            return cleaned_data
        try:
            cleaned_data["geom"], self.instance.commune = clean_geometry(
                geom, allowed_types=self.allowed_types, process=process
            )
        except ValidationError as exc:
            self.add_error("geom", exc.message_dict["geometry"])
        return cleaned_data


class MeetingAdminForm(ContributionAdminForm):
    def clean(self):
        cleaned_data = super().clean()
        start, end = cleaned_data.get("start_time"), cleaned_data.get("end_time")
        if start and end and end < start:
            self.add_error("end_time", "La réunion doit se terminer après son début.")
        return cleaned_data


class AnnotationAdminForm(ContributionAdminForm):
    allowed_types = ("Point", "LineString", "Polygon")
    action = rules.ANNOTATIONS


class ProposalAdminForm(ContributionAdminForm):
    """On the change page, a new state or answer text is an answer from the metropolis."""

    action = rules.PROPOSALS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "state" in self.fields:
            # "Publiée" and "Retirée" belong to the citizen: an officer may only keep them or answer.
            self.fields["state"].choices = [
                (value, label)
                for value, label in Proposal.State.choices
                if value in ANSWER_STATES or value == self.instance.state
            ]

    @property
    def is_answer(self) -> bool:
        return bool({"state", "answer"} & set(self.changed_data))

    def clean(self):
        cleaned_data = super().clean()
        if self.is_answer:
            if cleaned_data.get("state") not in ANSWER_STATES:
                self.add_error("state", "Une réponse met la proposition en évaluation, l'accepte ou la rejette.")
            if not cleaned_data.get("answer"):
                self.add_error("answer", "Rédigez la réponse de la métropole.")
        return cleaned_data
