from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, pseudonym, password=None, **extra):
        if not email:
            raise ValueError("Une adresse e-mail est obligatoire.")
        user = self.model(email=self.normalize_email(email).lower(), pseudonym=pseudonym, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, pseudonym, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, pseudonym, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A participant. Signs in with an e-mail address, which is never published; appears as a pseudonym."""

    email = models.EmailField("adresse e-mail", unique=True)
    pseudonym = models.CharField("pseudonyme", max_length=40)
    newsletter_themes = models.ManyToManyField(
        "participation.Theme", blank=True, related_name="subscribers", verbose_name="thèmes de la lettre d'information"
    )
    is_staff = models.BooleanField("agent (accès au back-office)", default=False)
    is_active = models.BooleanField("actif", default=True)
    date_joined = models.DateTimeField("inscription", default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["pseudonym"]

    class Meta:
        verbose_name = "utilisateur"
        constraints = [models.UniqueConstraint(Lower("pseudonym"), name="user_pseudonym_unique_ci")]

    def __str__(self):
        return self.pseudonym

    @property
    def awaits_confirmation(self):
        """Signed up, e-mail address not confirmed yet. An account deactivated after it was used (it has logged in)
        is not waiting: neither the login page nor a new link may reopen it."""
        return not self.is_active and self.last_login is None


class Consent(models.Model):
    """A person's acceptance of a document, in the version they were shown and when: the proof asked of a public
    service. Sign-up records the charter's; demo accounts have none (nobody accepted anything for them)."""

    class Document(models.TextChoices):
        # The value is the slug of the page that holds the text (/pages/<slug>/).
        CHARTER = "charte-de-participation", "Charte de participation"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents")
    document = models.CharField("document", max_length=50, choices=Document.choices)
    version = models.CharField("version", max_length=50)
    accepted_at = models.DateTimeField("accepté le", default=timezone.now)

    class Meta:
        ordering = ["accepted_at", "id"]
        verbose_name = "consentement"
        constraints = [
            models.UniqueConstraint(fields=["user", "document", "version"], name="consent_once_per_version"),
        ]

    def __str__(self):
        return f"{self.get_document_display()}, version {self.version}"
