"""The survey page's forms: one field per question (two for a point), and the optional profile block."""

from django import forms
from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError

from geoparticipation.participation.geometry import UnacceptedGeometry, geometry_from_geojson
from geoparticipation.territory.models import Commune

from .models import ParticipantProfile, Question
from .services import error_key

OUTSIDE = "hors"
# The field of a drawn map question (Question.DRAWN_SHAPES), for typing the drawing without the map.
DRAWING_LABELS = {
    Question.Kind.AREA: "Zone (GeoJSON, coordonnées longitude, latitude)",
    Question.Kind.LINE: "Trajet (GeoJSON, coordonnées longitude, latitude)",
}
UNREADABLE_DRAWINGS = {
    Question.Kind.AREA: 'Zone illisible : attendu un polygone GeoJSON comme {"type": "Polygon", "coordinates": '
    "[[[3.06, 50.63], [3.07, 50.63], [3.07, 50.64], [3.06, 50.63]]]}.",
    Question.Kind.LINE: 'Trajet illisible : attendu une ligne GeoJSON comme {"type": "LineString", "coordinates": '
    "[[3.06, 50.63], [3.07, 50.635], [3.08, 50.64]]}.",
}


def _coordinate(label, bound):
    return forms.FloatField(
        label=label, required=False, min_value=-bound, max_value=bound, widget=forms.NumberInput({"step": "any"})
    )


class SurveyForm(forms.Form):
    """Fields are named like the services' error keys, so that each message lands next to its question.

    Whether a question is required is checked by the services, which then give every message at once.
    """

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            name = error_key(question)
            choices = [(choice.pk, choice.label) for choice in question.choices.all()]
            if question.kind == Question.Kind.SINGLE:
                field = forms.TypedChoiceField(choices=choices, coerce=int, widget=forms.RadioSelect)
            elif question.kind == Question.Kind.MULTIPLE:
                field = forms.TypedMultipleChoiceField(choices=choices, coerce=int, widget=forms.CheckboxSelectMultiple)
            elif question.kind == Question.Kind.SCALE:
                values = [(v, str(v)) for v in question.scale_values]
                field = forms.TypedChoiceField(choices=values, coerce=int, widget=forms.RadioSelect)
            elif question.kind == Question.Kind.TEXT:
                field = forms.CharField(widget=forms.Textarea({"rows": 4}), strip=True)
            elif question.kind == Question.Kind.POINT:
                # A point is typed or picked as two numbers; clean() makes them the question's value.
                self.fields[f"{name}_lon"] = _coordinate("Longitude", 180)
                self.fields[f"{name}_lat"] = _coordinate("Latitude", 90)
                continue
            else:
                field = forms.CharField(
                    label=DRAWING_LABELS[question.kind],
                    widget=forms.Textarea({"rows": 3, "spellcheck": "false"}),
                )
            field.required = False
            field.label = field.label or question.text
            field.help_text = question.help_text
            self.fields[name] = field

    def set_answers(self, answers):
        """Shows a participant's saved answers (from selectors.answers_of)."""
        for answer in answers:
            name = error_key(answer.question)
            kind = answer.question.kind
            if kind == Question.Kind.SINGLE:
                self.initial[name] = next((c.pk for c in answer.choices.all()), None)
            elif kind == Question.Kind.MULTIPLE:
                self.initial[name] = [c.pk for c in answer.choices.all()]
            elif kind == Question.Kind.SCALE:
                self.initial[name] = answer.value
            elif kind == Question.Kind.TEXT:
                self.initial[name] = answer.text
            elif kind == Question.Kind.POINT:
                self.initial[f"{name}_lon"] = round(answer.wgs84.x, 6)
                self.initial[f"{name}_lat"] = round(answer.wgs84.y, 6)
            else:
                self.initial[name] = answer.wgs84.geojson

    def clean(self):
        data = super().clean()
        for question in self.questions:
            name = error_key(question)
            if question.kind == Question.Kind.POINT:
                lon, lat = data.get(f"{name}_lon"), data.get(f"{name}_lat")
                if (lon is None) != (lat is None) and f"{name}_lon" not in self.errors:
                    self.add_error(f"{name}_lon", "Indiquez la longitude et la latitude, ou cliquez sur la carte.")
                data[name] = None if lon is None or lat is None else Point(lon, lat, srid=4326)
            elif question.shape:
                data[name] = self._drawing(name, question.kind, data.get(name, ""))
        return data

    def _drawing(self, name, kind, text):
        if not text.strip():
            return None
        try:
            return geometry_from_geojson(text)
        except UnacceptedGeometry as error:
            self.add_error(name, str(error))
            return None
        except ValueError:
            self.add_error(name, UNREADABLE_DRAWINGS[kind])
            return None

    def answers(self) -> dict:
        return {question.pk: self.cleaned_data.get(error_key(question)) for question in self.questions}

    def add_service_errors(self, error: ValidationError) -> None:
        for key, messages in error.message_dict.items():
            if f"{key}_lon" in self.fields:
                key = f"{key}_lon"  # a point's messages go next to its map and coordinates
            self.add_error(key if key in self.fields else None, messages)

    def question_fields(self):
        """(question, field, lon field, lat field, errors) in order, for the template."""
        for question in self.questions:
            name = error_key(question)
            if question.kind == Question.Kind.POINT:
                lon, lat = self[f"{name}_lon"], self[f"{name}_lat"]
                yield question, None, lon, lat, [*lon.errors, *lat.errors]
            else:
                yield question, self[name], None, None, self[name].errors


class ProfileForm(forms.Form):
    age_bracket = forms.ChoiceField(
        label="Tranche d'âge",
        required=False,
        choices=[("", "— Ne souhaite pas répondre —"), *ParticipantProfile.AgeBracket.choices],
    )
    gender = forms.ChoiceField(
        label="Genre",
        required=False,
        choices=[("", "— Ne souhaite pas répondre —"), *ParticipantProfile.Gender.choices],
    )
    home = forms.ChoiceField(label="Commune de résidence", required=False)

    def __init__(self, *args, user, **kwargs):
        profile = (
            ParticipantProfile.objects.filter(user=user)
            .select_related("home_commune")
            .defer("home_commune__geom")
            .first()
        )
        if profile is not None:
            home = OUTSIDE if profile.lives_outside else (profile.home_commune.insee if profile.home_commune else "")
            kwargs["initial"] = {"age_bracket": profile.age_bracket, "gender": profile.gender, "home": home}
        super().__init__(*args, **kwargs)
        communes = Commune.objects.order_by("nom").values_list("insee", "nom")
        self.fields["home"].choices = [
            ("", "— Ne souhaite pas répondre —"),
            (OUTSIDE, "Hors de la Métropole Européenne de Lille"),
            ("Les 95 communes de la métropole", list(communes)),
        ]

    def profile(self) -> dict:
        """The arguments of services.profile_save."""
        home = self.cleaned_data["home"]
        return {
            "age_bracket": self.cleaned_data["age_bracket"],
            "gender": self.cleaned_data["gender"],
            "home_commune": Commune.objects.defer("geom").get(insee=home) if home not in ("", OUTSIDE) else None,
            "lives_outside": home == OUTSIDE,
        }
