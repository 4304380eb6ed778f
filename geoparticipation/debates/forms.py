from django import forms
from django.utils.translation import gettext_lazy as _

from geoparticipation.web.forms import ProposalForm

from .models import Stance


class ArgumentForm(forms.Form):
    """Texts and place are checked by services.argument_create, so that every message comes at once."""

    stance = forms.ChoiceField(
        label=_("Votre position"), choices=Stance.choices, widget=forms.RadioSelect, required=False
    )
    body = forms.CharField(label=_("Votre argument"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    lon = ProposalForm.base_fields["lon"]
    lat = ProposalForm.base_fields["lat"]

    @property
    def point(self):
        return ProposalForm.point.fget(self)


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Votre réponse"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


SORT_CHOICES = (("soutiens", _("les plus soutenus")), ("date", _("les plus récents")))
