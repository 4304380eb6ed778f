"""Participants and officers: they sign in with an e-mail address and appear under a pseudonym."""

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError

from .models import Consent, User


class AccountFieldsMixin:
    """The same e-mail and pseudonym rules as sign-up, with messages an officer can act on."""

    def clean_email(self):
        # Stored in lower case by the manager too: the unique constraint is case-sensitive.
        return User.objects.normalize_email(self.cleaned_data["email"]).lower()

    def clean_pseudonym(self):
        pseudonym = self.cleaned_data["pseudonym"]
        if User.objects.filter(pseudonym__iexact=pseudonym).exclude(pk=self.instance.pk).exists():
            raise ValidationError(f"Le pseudonyme « {pseudonym} » est déjà pris (majuscules comprises).")
        return pseudonym


class UserCreationForm(AccountFieldsMixin, auth_forms.AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "pseudonym")


class UserChangeForm(AccountFieldsMixin, auth_forms.UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class ConsentInline(admin.TabularInline):
    """The proof of what the person accepted at sign-up: read only, nobody consents on someone else's behalf."""

    model = Consent
    fields = readonly_fields = ("document", "version", "accepted_at")
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(auth_admin.UserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profil public", {"fields": ("pseudonym", "newsletter_themes")}),
        ("Droits", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "pseudonym", "usable_password", "password1", "password2")}),
    )
    list_display = ("email", "pseudonym", "is_staff", "is_active", "date_joined")
    list_filter = ("is_staff", "is_superuser", "is_active")
    search_fields = ("email", "pseudonym")
    ordering = ("email",)
    date_hierarchy = "date_joined"
    filter_horizontal = ("groups", "user_permissions", "newsletter_themes")
    readonly_fields = ("last_login", "date_joined")

    def get_inlines(self, request, obj):
        # Not on the add page: an account an officer creates has accepted nothing yet.
        return [ConsentInline] if obj else []

    def get_readonly_fields(self, request, obj=None):
        # An officer who may edit accounts must not be able to grant rights they do not hold.
        if request.user.is_superuser:
            return self.readonly_fields
        return (*self.readonly_fields, "is_superuser", "groups", "user_permissions")


# Of axes' pages (AXES_ENABLE_ADMIN is off), only the failed attempts, kept for the cool-off: deleting those of an
# address lifts its block early. Successful logins are not recorded, so their pages would stay empty.
admin.site.register(AccessAttempt, AccessAttemptAdmin)
