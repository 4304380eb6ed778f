"""Who may do what in the console: a role per person and scope. The Django superuser is an administrator too."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Role(models.Model):
    """One right of one person: the whole platform, one concertation's space, or the contributions of one commune
    (the 95 communes' project teams, who see and answer what was placed in their commune)."""

    class Kind(models.TextChoices):
        ADMINISTRATOR = "administrator", "Administrateur"
        PROCESS_OFFICER = "process", "Agent d'une concertation"
        COMMUNE_OFFICER = "commune", "Agent d'une commune"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="console_roles", verbose_name="personne"
    )
    kind = models.CharField("rôle", max_length=13, choices=Kind.choices)
    process = models.ForeignKey(
        "participation.Process",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="officer_roles",
        verbose_name="concertation",
    )
    commune = models.ForeignKey(
        "territory.Commune",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="officer_roles",
        verbose_name="commune",
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField("attribué le", default=timezone.now)

    class Meta:
        verbose_name = "rôle dans la console"
        verbose_name_plural = "rôles dans la console"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="administrator", process__isnull=True, commune__isnull=True)
                | Q(kind="process", process__isnull=False, commune__isnull=True)
                | Q(kind="commune", process__isnull=True, commune__isnull=False),
                name="console_role_scope",
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "process", "commune"], nulls_distinct=False, name="console_role_once"
            ),
        ]

    def __str__(self):
        scope = self.process or self.commune
        return f"{self.get_kind_display()} ({scope})" if scope else self.get_kind_display()


class AnswerTemplate(models.Model):
    """A ready answer an officer picks and adapts before answering a proposal: for every concertation (made by an
    administrator) or for one (made by its officers)."""

    class State(models.TextChoices):
        EVALUATING = "evaluating", "En cours d'évaluation"
        ACCEPTED = "accepted", "Acceptée"
        REJECTED = "rejected", "Rejetée"

    state = models.CharField("état donné", max_length=12, choices=State.choices)
    title = models.CharField("titre", max_length=120)
    text = models.TextField("texte de la réponse")
    process = models.ForeignKey(
        "participation.Process",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="answer_templates",
        verbose_name="concertation",
    )

    class Meta:
        verbose_name = "modèle de réponse"
        verbose_name_plural = "modèles de réponse"
        ordering = ["state", "title", "id"]

    def __str__(self):
        return self.title


def invitation_limit():
    """Invitations sent before this are expired."""
    return timezone.now() - datetime.timedelta(days=settings.INVITATION_DAYS)


class InvitationQuerySet(models.QuerySet):
    def current(self):
        return self.filter(invited_at__gte=invitation_limit())

    def expired(self):
        return self.filter(invited_at__lt=invitation_limit())


class Invitation(models.Model):
    """A role or a private space's membership promised to an address without an account: it applies, and the row
    goes, when an account with that address is activated (officers/services.py, invitations_apply), unless it
    expired (INVITATION_DAYS after it was sent); an officer may cancel it or send it again."""

    class Kind(models.TextChoices):
        ADMINISTRATOR = "administrator", "Administrateur"
        PROCESS_OFFICER = "process", "Agent d'une concertation"
        COMMUNE_OFFICER = "commune", "Agent d'une commune"
        MEMBER = "member", "Membre d'un espace privé"

    email = models.EmailField("adresse e-mail")
    kind = models.CharField("invitation", max_length=13, choices=Kind.choices)
    process = models.ForeignKey(
        "participation.Process", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    commune = models.ForeignKey("territory.Commune", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField("invité le", default=timezone.now)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = "invitation"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="administrator", process__isnull=True, commune__isnull=True)
                | Q(kind__in=["process", "member"], process__isnull=False, commune__isnull=True)
                | Q(kind="commune", process__isnull=True, commune__isnull=False),
                name="console_invitation_scope",
            ),
            models.UniqueConstraint(
                fields=["email", "kind", "process", "commune"], nulls_distinct=False, name="console_invitation_once"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} : {self.email}"

    @property
    def expires_at(self):
        return self.invited_at + datetime.timedelta(days=settings.INVITATION_DAYS)

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()


class RoleChange(models.Model):
    """The journal of the console's roles: one line per grant, revocation or invitation, never changed. Names and
    addresses are copied so that a line stays readable after an account is deleted."""

    class Action(models.TextChoices):
        GRANT = "grant", "Attribution"
        REVOKE = "revoke", "Retrait"
        INVITE = "invite", "Invitation"
        CANCEL = "cancel", "Annulation d'invitation"

    at = models.DateTimeField("le", default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    actor_pseudonym = models.CharField("par", max_length=40)
    action = models.CharField("action", max_length=6, choices=Action.choices)
    email = models.EmailField("personne")
    kind = models.CharField("rôle", max_length=13, choices=Role.Kind.choices)
    process = models.ForeignKey(
        "participation.Process", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    commune = models.ForeignKey("territory.Commune", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "changement de rôle"
        verbose_name_plural = "journal des rôles"
        indexes = [models.Index(fields=["at", "id"], name="console_rolechange_at")]
