"""Back-office forms: a location is checked as in the API, and an answer says where it leaves the proposal."""

from django import forms
from django.core.exceptions import ValidationError

from . import rules, services
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
    """The closing report follows the rules of services.meeting_report_check, whether it changes or the meeting does."""

    REPORT_FIELDS = ("report", "attendees", "report_proposals")

    @property
    def is_report(self) -> bool:
        return bool(set(self.REPORT_FIELDS) & set(self.changed_data))

    def clean(self):
        cleaned_data = super().clean()
        process, start, end = cleaned_data.get("process"), cleaned_data.get("start_time"), cleaned_data.get("end_time")
        if start and end and end < start:
            self.add_error("end_time", "La réunion doit se terminer après son début.")
        if self.instance.takes_registrations and cleaned_data.get("registration_url"):
            self.add_error(
                "registration_url",
                "Cette réunion prend ses inscriptions sur le site : pas de page d'inscription externe.",
            )
        if process and end and "report" in self.fields:
            self._clean_report(process, end, cleaned_data)
        return cleaned_data

    def _clean_report(self, process, end, cleaned_data):
        try:
            services.meeting_report_check(
                process=process,
                end_time=end,
                report=cleaned_data.get("report", ""),
                attendees=cleaned_data.get("attendees"),
                proposals=cleaned_data.get("report_proposals") or [],
            )
        except ValidationError as exc:
            errors = exc.message_dict
            if "report" in errors and not self.is_report:
                # The report was published already: what moved is the end of the meeting.
                errors["end_time"] = [
                    "Le compte rendu de cette réunion est publié : sa fin ne peut pas être déplacée dans le futur. "
                    "Videz d'abord le compte rendu."
                ]
                del errors["report"]
            for field, messages in errors.items():
                self.add_error(field, messages)


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
        proposal = self.instance
        # The texts and the pin are read-only but to their author (admin.py CorrectableAdmin): changed here, they are
        # the author's edit, on the same rule as on the site and in the API.
        if (
            not proposal._state.adding
            and proposal.author is not None
            and {"title", "body", "geom"} & set(self.changed_data)
        ):
            if reason := services.proposal_edit_refusal(proposal=proposal, user=proposal.author):
                self.add_error(None, reason)
        if self.is_answer and (reason := rules.answer_refusal(proposal)):
            self.add_error("state", reason)
        elif self.is_answer:
            if cleaned_data.get("state") not in ANSWER_STATES:
                self.add_error("state", "Une réponse met la proposition en évaluation, l'accepte ou la rejette.")
            if not cleaned_data.get("answer"):
                self.add_error("answer", "Rédigez la réponse de la métropole.")
        return cleaned_data


class CorrectionForm(forms.Form):
    """A correction by moderation: the corrected text, with a public category and the officer's note."""

    category = forms.ChoiceField(
        label="Motif public",
        choices=ModerationReason.choices,
        initial=ModerationReason.PERSONAL_DATA,
        help_text="Affiché près du texte : « Modifié par la modération : … », avec la date.",
        error_messages={"required": "Choisissez le motif public de la correction."},
    )
    reason = forms.CharField(
        label="Motif de la correction",
        widget=forms.Textarea(attrs={"rows": 2, "cols": 80}),
        help_text="Ce qui a été corrigé et pourquoi (« numéro de téléphone retiré ») : conservé dans le journal de "
        "modération, avec votre nom et la date ; jamais publié.",
        error_messages={"required": "Indiquez ce qui a été corrigé et pourquoi."},
    )

    def __init__(self, *args, target, fields, **kwargs):
        """`fields`: the target's text fields, shown first and filled with the published text."""
        super().__init__(*args, **kwargs)
        texts = {}
        for name in fields:
            field = type(target)._meta.get_field(name).formfield()
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs.update(rows=12, cols=80)
            field.initial = getattr(target, name)
            texts[name] = field
        self.fields = {**texts, **self.fields}
        self.text_fields = list(fields)
