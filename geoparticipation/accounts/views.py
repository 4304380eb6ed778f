from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _

from geoparticipation.limits.counters import limited, mail_refusal
from geoparticipation.operations.idempotency import idempotent_form

from . import services
from .forms import ActivationResendForm, DeleteAccountForm, ProfileForm, SignupForm
from .models import User
from .personal_data import personal_data_json


@idempotent_form
def signup(request):
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = SignupForm(request.POST if request.method == "POST" else None)
    refusal = mail_refusal(request, "signups", request.POST.get("email", "")) if request.method == "POST" else None
    if refusal:
        form.add_error(None, refusal.message)
    elif request.method == "POST" and form.is_valid():
        try:
            services.user_signup(
                email=form.cleaned_data["email"],
                pseudonym=form.cleaned_data["pseudonym"],
                password=form.cleaned_data["password1"],
                accepts_charter=form.cleaned_data["accepts_charter"],
                site_url=request.build_absolute_uri("/").rstrip("/"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return render(request, "accounts/signup_done.html", {"email": form.cleaned_data["email"]})
    response = render(request, "accounts/signup.html", {"form": form}, status=400 if form.errors else 200)
    return limited(response, refusal)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's, which answers the same whether the address has an account or not, with at most
    RATE_PASSWORD_RESETS requests for one address and from one IP address: at most that many mails."""

    def form_valid(self, form):
        refusal = mail_refusal(self.request, "password_resets", form.cleaned_data["email"])
        if refusal:
            form.add_error(None, refusal.message)
            return limited(self.form_invalid(form), refusal)
        return super().form_valid(form)


def activation_resend(request):
    """Sends the activation link again; the page reads the same whether the address awaits confirmation, has an
    active account or none, and the mails are counted like sign-ups (RATE_SIGNUPS per IP and per address)."""
    form = ActivationResendForm(request.POST if request.method == "POST" else None)
    refusal = mail_refusal(request, "signups", request.POST.get("email", "")) if request.method == "POST" else None
    if refusal:
        form.add_error(None, refusal.message)
    elif request.method == "POST" and form.is_valid():
        services.activation_resend(
            email=form.cleaned_data["email"], site_url=request.build_absolute_uri("/").rstrip("/")
        )
        return render(request, "accounts/activation_resent.html", {"email": form.cleaned_data["email"]})
    response = render(request, "accounts/activation_resend.html", {"form": form}, status=400 if form.errors else 200)
    return limited(response, refusal)


def activate(request, uidb64, token):
    try:
        user = User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        user = None
    if user is not None and services.user_activate(user=user, token=token):
        messages.success(request, _("Votre adresse est confirmée : vous pouvez vous connecter."))
        return redirect("accounts:login")
    return render(request, "accounts/activation_failed.html", status=400)


@login_required
def profile(request):
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Votre profil est enregistré."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def data_download(request):
    # Streamed: a participant of 10,000 contributions gets them without the page being held in memory.
    response = StreamingHttpResponse(personal_data_json(request.user), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mes-donnees-geoparticipation.json"'
    patch_cache_control(response, private=True, no_store=True)  # a person's data, kept by no cache on the way
    return response


@login_required
def account_delete(request):
    form = DeleteAccountForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        services.account_delete(user=user)
        messages.success(request, _("Votre compte est supprimé. Vos contributions publiques restent, sans votre nom."))
        return redirect("web:home")
    return render(request, "accounts/delete.html", {"form": form}, status=400 if form.errors else 200)
