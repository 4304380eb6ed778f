"""The survey builder's forms: one per block of the page, each with its own « Enregistrer »."""

from django import forms

from geoparticipation.surveys.models import Choice, Question, Survey
from geoparticipation.territory.models import Commune


class SurveyForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = ["title", "slug", "introduction", "ask_profile", "opens_at", "closes_at", "published"]
        labels = {"slug": "Adresse (identifiant)", "introduction": "Introduction"}
        widgets = {
            "opens_at": forms.DateTimeInput({"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "closes_at": forms.DateTimeInput({"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "introduction": forms.Textarea({"rows": 3}),
        }

    def validate_unique(self):
        """The service checks the address, with a message of its own."""


class NewSurveyForm(SurveyForm):
    class Meta(SurveyForm.Meta):
        fields = ["title", "slug", "introduction"]


def _communes_field():
    return forms.ModelMultipleChoiceField(
        queryset=Commune.objects.defer("geom").order_by("nom"),
        required=False,
        label="Communes où répondre (aucune : toute la métropole)",
        widget=forms.SelectMultiple({"size": 6}),
    )


class QuestionForm(forms.ModelForm):
    communes = _communes_field()

    class Meta:
        model = Question
        fields = ["text", "help_text", "required", "scale_min", "scale_max", "scale_min_label", "scale_max_label"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kind = self.instance.kind
        if kind != Question.Kind.SCALE:
            for name in ("scale_min", "scale_max", "scale_min_label", "scale_max_label"):
                del self.fields[name]
        if kind in Question.MAP_KINDS:
            self.initial["communes"] = [commune.pk for commune in self.instance.communes.all()]  # prefetched
        else:
            del self.fields["communes"]

    def validate_unique(self):
        """Positions are the services' business."""

    def _post_clean(self):
        """The services write the question; the model's own checks would need its position."""


class NewQuestionForm(forms.Form):
    kind = forms.ChoiceField(label="Type", choices=Question.Kind.choices)
    text = forms.CharField(label="Question", max_length=300)
    required = forms.BooleanField(label="Obligatoire", required=False)
    communes = _communes_field()


class ChoiceForm(forms.ModelForm):
    class Meta:
        model = Choice
        fields = ["label"]

    def _post_clean(self):
        """Positions are the services' business."""


class MoveForm(forms.Form):
    position = forms.IntegerField(min_value=1, max_value=1000)
