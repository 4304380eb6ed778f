from django import forms
from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from geoparticipation.attachments.forms import ProposalFilesForm
from geoparticipation.participation.geometry import UnacceptedGeometry, geometry_from_geojson
from geoparticipation.participation.models import Annotation, Proposal, Report
from geoparticipation.search import text


def add_service_errors(form, error: ValidationError, *, location_field):
    """Puts a service's {field: messages} next to the matching inputs; geometry errors go next to the map."""
    for field, messages in error.message_dict.items():
        if field == "geometry":
            field = location_field
        form.add_error(field if field in form.fields else None, messages)


class ProposalFilterForm(forms.Form):
    """The filters shared by the proposal list and the map: the same names as the API's query parameters."""

    q = forms.CharField(label=_("Rechercher dans les propositions"), required=False, max_length=200)
    theme = forms.ChoiceField(label=_("Thème"), required=False)
    commune = forms.ChoiceField(label=_("Commune"), required=False)
    state = forms.ChoiceField(
        label=_("État"), required=False, choices=[("", _("Tous les états")), *Proposal.State.choices]
    )

    def __init__(self, *args, themes, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", _("Tous les thèmes")), *((t.slug, t.name) for t in themes)]
        self.fields["commune"].choices = [("", _("Toutes les communes")), *((c.insee, c.nom) for c in communes)]

    def filter(self, proposals):
        """Applies the valid filters; a tampered value is dropped rather than answered with an error page."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if data.get("theme"):
            proposals = proposals.filter(theme__slug=data["theme"])
        if data.get("commune"):
            proposals = proposals.filter(commune__insee=data["commune"])
        if data.get("state"):
            proposals = proposals.filter(state=data["state"])
        if data.get("q"):
            # The site search's words and index (search/text.py): « velo » finds « Vélos » here as on /recherche/.
            proposals = text.matching_proposals(proposals, data["q"])
        return proposals


class ProposalForm(ProposalFilesForm):
    """Texts are checked by participation.services, which also checks the place, so every message comes at once;
    the images and documents by the form they come from (attachments/forms.py), before anything is written."""

    title = forms.CharField(label=_("Titre"), required=False, max_length=150)
    body = forms.CharField(label=_("Votre proposition"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    theme = forms.ModelChoiceField(
        label=_("Thème"), required=False, queryset=None, to_field_name="slug", empty_label=_("— Aucun —")
    )
    lon = forms.FloatField(
        label=_("Longitude"), required=False, min_value=-180, max_value=180, widget=forms.NumberInput({"step": "any"})
    )
    lat = forms.FloatField(
        label=_("Latitude"), required=False, min_value=-90, max_value=90, widget=forms.NumberInput({"step": "any"})
    )

    def __init__(self, *args, process, attached=None, **kwargs):
        """`attached`: the proposal's files, on the author's edit, offered for removal."""
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = process.themes.all()
        if attached:
            self.fields["remove"] = forms.TypedMultipleChoiceField(
                label=_("Fichiers joints : cochez ceux à retirer"),
                required=False,
                coerce=int,
                choices=[(f.pk, f"{f.original_name} ({f.get_kind_display()})") for f in attached],
                widget=forms.CheckboxSelectMultiple,
            )

    @property
    def point(self):
        lon, lat = self.cleaned_data.get("lon"), self.cleaned_data.get("lat")
        return None if lon is None or lat is None else Point(lon, lat, srid=4326)


class AnnotationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=Annotation.Kind.choices, initial=Annotation.Kind.REMARK)
    comment = forms.CharField(label=_("Commentaire"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    geometry = forms.CharField(
        label=_("Tracé (GeoJSON, coordonnées longitude, latitude)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
    )

    def clean_geometry(self):
        text = self.cleaned_data["geometry"].strip()
        if not text:
            return None
        try:
            return geometry_from_geojson(text)
        except UnacceptedGeometry as error:
            raise ValidationError(str(error)) from None
        except ValueError:
            raise ValidationError(
                _('Tracé illisible : attendu un objet GeoJSON comme {"type": "Point", "coordinates": [3.063, 50.637]}.')
            ) from None


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Votre commentaire"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Votre réponse"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


#: the buttons of « D'accord » and « Pas d'accord »: what each does (None withdraws the vote)
VOTES = {"agree": 1, "disagree": -1, "withdraw": None}


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("Motif"), choices=Report.Reason.choices)
    details = forms.CharField(
        label=_("Précisions (facultatif)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
