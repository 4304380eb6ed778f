from django import forms

from geoparticipation.analysis.models import Bilan
from geoparticipation.participation.models import Annotation


class BilanForm(forms.ModelForm):
    sections = forms.MultipleChoiceField(
        label="Chiffres à montrer",
        choices=Bilan.Section.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Bilan
        fields = ["decisions", "motivations", "sections", "show_map"]
        labels = {
            "decisions": "Décisions",
            "motivations": "Motivations",
            "show_map": "Montrer la carte de la participation par commune",
        }
        help_texts = {
            "decisions": "Ce que la Métropole décide à l'issue de la concertation. Mise en forme Markdown.",
            "motivations": "Pourquoi ces décisions, au vu des contributions. Mise en forme Markdown.",
        }
        widgets = {"decisions": forms.Textarea(attrs={"rows": 8}), "motivations": forms.Textarea(attrs={"rows": 8})}


class PublicationForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("publier", "Publier"), ("depublier", "Dépublier"), ("abandonner", "Abandonner le brouillon")]
    )


class AnnotationAreaForm(forms.Form):
    """The map's window (west,south,east,north in degrees) and the kind of annotations to show."""

    bbox = forms.CharField()
    type = forms.ChoiceField(choices=[("", "Tous"), *Annotation.Kind.choices], required=False)

    def clean_bbox(self):
        try:
            west, south, east, north = (float(value) for value in self.cleaned_data["bbox"].split(","))
        except ValueError:
            raise forms.ValidationError("La zone doit être « ouest,sud,est,nord » en degrés.") from None
        if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
            raise forms.ValidationError("La zone doit être « ouest,sud,est,nord » en degrés, ouest avant est.")
        return west, south, east, north

    def error_text(self):
        return " ".join(message for errors in self.errors.values() for message in errors)
