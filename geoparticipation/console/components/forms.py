"""The forms of a space's components: meetings (with their pin), closing reports, debates and news."""

from django import forms
from django.conf import settings
from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import slugify

from geoparticipation.attachments.admin_forms import StoredFileAdminForm
from geoparticipation.debates.models import Debate
from geoparticipation.news.models import Article, ArticleFile
from geoparticipation.participation.geometry import clean_geometry
from geoparticipation.participation.models import Meeting, Proposal

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class PinMixin:
    """Longitude and latitude fields filled by the map's pin, checked as a proposal's place (territory included)."""

    pin_required = True

    def _add_pin_fields(self, geom):
        self.fields["lon"] = forms.FloatField(
            label="Longitude", required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"})
        )
        self.fields["lat"] = forms.FloatField(
            label="Latitude", required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"})
        )
        if geom is not None:
            wgs84 = geom.transform(settings.API_SRID, clone=True)
            self.initial.setdefault("lon", round(wgs84.x, 6))
            self.initial.setdefault("lat", round(wgs84.y, 6))

    def _clean_pin(self, cleaned_data):
        lon, lat = cleaned_data.get("lon"), cleaned_data.get("lat")
        if lon is None or lat is None:
            if self.pin_required:
                self.add_error("lon", "Placez le repère sur la carte : le lieu est obligatoire.")
            return None
        try:
            geom, _commune = clean_geometry(
                Point(lon, lat, srid=settings.API_SRID), allowed_types=("Point",), process=self.process
            )
        except ValidationError as exc:
            self.add_error("lon", exc.message_dict["geometry"])
            return None
        return geom


class MeetingForm(PinMixin, forms.ModelForm):
    online_url = forms.URLField(
        label="Lien de la réunion en ligne", required=False, max_length=200, assume_scheme="https"
    )
    registration_url = forms.URLField(
        label="Lien d'inscription",
        max_length=200,
        required=False,
        assume_scheme="https",
        help_text="Ou une page d'inscription externe : l'un ou l'autre, pas les deux.",
    )

    class Meta:
        model = Meeting
        fields = (
            "title",
            "description",
            "start_time",
            "end_time",
            "address",
            "online_url",
            "takes_registrations",
            "capacity",
            "registration_url",
        )
        widgets = {"start_time": DATETIME, "end_time": DATETIME, "description": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "takes_registrations": "Les citoyens s'inscrivent sur la page des réunions ; vous voyez la liste ici.",
            "capacity": "Laissez vide pour une réunion sans limite de places.",
        }

    def __init__(self, *args, process, centre=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.process = process
        for name in ("start_time", "end_time"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M"]
        self._add_pin_fields(self.instance.geom if self.instance.pk else None)
        if not self.instance.pk and centre:
            self.initial.setdefault("lon", centre[0])
            self.initial.setdefault("lat", centre[1])

    def clean(self):
        cleaned_data = super().clean()
        start, end = cleaned_data.get("start_time"), cleaned_data.get("end_time")
        if start and end and end < start:
            self.add_error("end_time", "La réunion doit se terminer après son début.")
        if cleaned_data.get("takes_registrations") and cleaned_data.get("registration_url"):
            self.add_error(
                "registration_url",
                "Choisissez : inscriptions sur le site ou page d'inscription externe, pas les deux.",
            )
        if cleaned_data.get("capacity") is not None and not cleaned_data.get("takes_registrations"):
            self.add_error("capacity", "Le nombre de places ne vaut que pour les inscriptions sur le site.")
        if end and self.instance.pk and self.instance.report and end > timezone.now():
            self.add_error(
                "end_time",
                "Le compte rendu de cette réunion est publié : sa fin ne peut pas être déplacée dans le futur.",
            )
        geom = self._clean_pin(cleaned_data)
        if geom is not None:
            self.instance.geom = geom
        return cleaned_data

    def save(self, commit=True):
        meeting = super().save(commit=False)
        meeting.process = self.process
        if meeting.published_at is None:
            meeting.published_at = timezone.now()
        if commit:
            meeting.save()
        return meeting


class ReportForm(forms.Form):
    """The closing report; its rules are services.meeting_report_check's."""

    report = forms.CharField(label="Compte rendu", required=False, widget=forms.Textarea(attrs={"rows": 10}))
    attendees = forms.IntegerField(label="Nombre de participants", required=False, min_value=0)
    report_proposals = forms.CharField(
        label="Propositions liées",
        required=False,
        help_text="Leurs numéros, séparés par des virgules (le numéro est dans l'adresse de la proposition).",
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting

    def clean_report_proposals(self):
        text = self.cleaned_data["report_proposals"]
        numbers = [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]
        wrong = [n for n in numbers if not n.isdigit()]
        if wrong:
            raise ValidationError(f"Indiquez des numéros de propositions : « {', '.join(wrong)} » n'en est pas un.")
        proposals = list(Proposal.objects.filter(pk__in=[int(n) for n in numbers]).only("pk", "title", "process_id"))
        missing = set(map(int, numbers)) - {p.pk for p in proposals}
        if missing:
            raise ValidationError(f"Aucune proposition n° {', '.join(map(str, sorted(missing)))}.")
        return proposals


class DebateForm(PinMixin, forms.ModelForm):
    pin_required = False

    class Meta:
        model = Debate
        fields = ("title", "description")
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.process = process
        self._add_pin_fields(self.instance.geom)

    def clean(self):
        cleaned_data = super().clean()
        self.instance.geom = self._clean_pin(cleaned_data)
        return cleaned_data


class DebateCloseForm(forms.Form):
    conclusion = forms.CharField(
        label="Conclusion de la métropole",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Un débat clos porte la conclusion de la métropole : rédigez-la."},
    )


class ArticleForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = ("title", "summary", "body")
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}


class ArticleImageForm(StoredFileAdminForm):
    """An image or a PDF for the article, checked and stored as the back-office's inline does."""

    class Meta(StoredFileAdminForm.Meta):
        model = ArticleFile
        labels = {"alt_text": "Texte alternatif de l'image", "position": "Ordre"}


def article_slug(title: str, *, exclude=None) -> str:
    """A free address for the article, from its title."""
    base = slugify(title)[:180] or "actualite"
    slug, n = base, 1
    while Article.objects.filter(slug=slug).exclude(pk=exclude).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug
