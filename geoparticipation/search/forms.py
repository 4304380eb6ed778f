from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .kinds import KINDS

# Longer is no search a person types; a bounded query also bounds the work of websearch_to_tsquery and ts_headline.
MAX_LENGTH = 200


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Rechercher"),
        required=False,
        max_length=MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "enterkeyhint": "search"}),
        error_messages={
            "max_length": _(
                "Votre recherche est trop longue : %(limit_value)d caractères au plus (elle en a %(show_value)d)."
            )
        },
    )
    type = forms.ChoiceField(
        label=_("Parmi"),
        required=False,
        choices=[("", _("Tous les contenus")), *((kind.key, kind.label) for kind in KINDS)],
        error_messages={
            "invalid_choice": format_lazy(
                _("Type de contenu inconnu : choisissez parmi {kinds}."), kinds=", ".join(kind.key for kind in KINDS)
            )
        },
    )
