from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.template import loader
from django.urls import reverse_lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from geoparticipation.mail.queue import enqueue
from geoparticipation.participation.models import Theme

from .backends import UNCONFIRMED
from .models import User

#: where the charter's text lives (geoparticipation/pages)
CHARTER_URL = reverse_lazy("pages:page", args=["charte-de-participation"])


class PseudonymMixin:
    def clean_pseudonym(self):
        pseudonym = self.cleaned_data["pseudonym"].strip()
        others = User.objects.filter(pseudonym__iexact=pseudonym)
        if getattr(self, "instance", None) and self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise ValidationError(_("Ce pseudonyme est déjà pris : choisissez-en un autre."))
        return pseudonym


class SignupForm(PseudonymMixin, forms.Form):
    email = forms.EmailField(
        label=_("Adresse e-mail"),
        help_text=_("Jamais publiée : elle sert à confirmer votre compte et à vous connecter."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    pseudonym = forms.CharField(
        label=_("Pseudonyme"),
        max_length=40,
        help_text=_("Le seul nom affiché publiquement à côté de vos contributions."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    password1 = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        help_text=password_validation.password_validators_help_text_html(),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Confirmation du mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    accepts_charter = forms.BooleanField(
        label=_("J'accepte la charte de participation"),
        help_text=format_lazy(
            _(
                'Les règles du débat sur la plateforme : <a href="{url}" target="_blank">lire la charte de '
                "participation</a> (nouvel onglet)."
            ),
            url=CHARTER_URL,
        ),
        error_messages={"required": _("Pour créer un compte, acceptez la charte de participation.")},
    )

    def clean(self):
        data = super().clean()
        password1, password2 = data.get("password1"), data.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("Les deux mots de passe ne correspondent pas."))
        elif password1:
            candidate = User(email=data.get("email", ""), pseudonym=data.get("pseudonym", ""))
            try:
                password_validation.validate_password(password1, candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return data


class LoginForm(AuthenticationForm):
    """Django's, which tells an account awaiting confirmation, and only when its password is right, to confirm its
    address (backends.ModelBackend marks the request); the template then offers to send the link again."""

    error_messages = {
        **AuthenticationForm.error_messages,
        # Django's French reads « Saisissez un adresse e-mail… ».
        "invalid_login": _(
            "Saisissez une adresse e-mail et un mot de passe valides. Le mot de passe distingue les majuscules des "
            "minuscules."
        ),
        "unconfirmed": _(
            "Votre adresse e-mail n'est pas encore confirmée : ouvrez le lien du message reçu à l'inscription, "
            "ou demandez-en un nouveau ci-dessous."
        ),
    }
    unconfirmed = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django labels the field with the model's verbose name, which stays French in every language.
        self.fields["username"].label = _("Adresse e-mail")

    def get_invalid_login_error(self):
        if getattr(self.request, UNCONFIRMED, False):
            self.unconfirmed = True
            return ValidationError(self.error_messages["unconfirmed"], code="unconfirmed")
        return super().get_invalid_login_error()


class ActivationResendForm(forms.Form):
    email = forms.EmailField(label=_("Adresse e-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))


class ProfileForm(PseudonymMixin, forms.ModelForm):
    newsletter_themes = forms.ModelMultipleChoiceField(
        label=_("Thèmes de la lettre d'information"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Recevez par e-mail les nouvelles concertations sur les thèmes qui vous intéressent."),
    )

    class Meta:
        model = User
        fields = ["pseudonym", "newsletter_themes"]
        labels = {"pseudonym": _("Pseudonyme")}


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Votre mot de passe, pour confirmer"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        if not self.user.check_password(self.cleaned_data["password"]):
            raise ValidationError(_("Mot de passe incorrect."))
        return self.cleaned_data["password"]


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's form, whose mail goes through the queue (geoparticipation/mail/) instead of straight to the server."""

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        # As Django writes it, in plain text only (the site sends no HTML mail), the subject on one line.
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        enqueue([(subject, body, from_email, [to_email])])
