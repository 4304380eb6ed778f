"""Every write to debates: keyword-only, validated, inside a transaction. The phase rules (participation/rules.py)
are asked here, so that the site, the back-office and the commands obey them alike."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from geoparticipation.notifications.models import Notification
from geoparticipation.participation import notifications, rules
from geoparticipation.participation.geometry import check_geometry, check_territory

from .models import Argument, ArgumentSupport, Debate, Stance

MAX_ARGUMENT_LENGTH = 5_000
COUNTERS = ("arguments_for", "arguments_against", "arguments_nuance")


def _check_open(debate: Debate, user, action: rules.Action):
    """The concertation must be one `user` may open, its calendar must take `action` today, and the debate must be
    open; a refusal says why, in French (rules.NotAllowedNow, a 403 on every path)."""
    if not debate.process.is_visible_to(user):
        raise PermissionDenied("Cette concertation est réservée à ses membres.")
    rules.check(debate.process, action)
    if debate.is_closed:
        raise rules.NotAllowedNow("Ce débat est clos : il n'accepte plus d'arguments ni de soutiens.")


@transaction.atomic
def argument_create(*, author, debate: Debate, body: str, stance: str = "", parent=None, geometry=None) -> Argument:
    """An argument « Pour », « Contre » or « Nuance », or with `parent` a reply to a published argument of the same
    debate (replies take no stance and get none). The place is optional, inside the concertation's territory."""
    _check_open(debate, author, rules.ARGUMENTS)
    errors = {}
    body = (body or "").strip()
    if not body:
        errors["body"] = ["Le texte de l'argument est obligatoire." if parent is None else "La réponse est vide."]
    elif len(body) > MAX_ARGUMENT_LENGTH:
        errors["body"] = [f"Le texte ne doit pas dépasser {MAX_ARGUMENT_LENGTH} caractères ({len(body)} saisis)."]
    if parent is not None:
        if parent.debate_id != debate.pk or parent.published_at is None or parent.hidden_at is not None:
            errors["parent"] = ["L'argument auquel vous répondez n'est pas publié dans ce débat."]
        elif parent.parent_id is not None:
            errors["parent"] = ["On répond à un argument, pas à une réponse : répondez à l'argument lui-même."]
        stance = ""
    elif stance not in Stance.values:
        errors["stance"] = ["Choisissez votre position : « Pour », « Contre » ou « Nuance »."]
    geom = None
    if geometry is not None:
        try:
            geom = check_geometry(geometry, allowed_types=("Point",))
            check_territory(geom, process=debate.process)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    argument = Argument.objects.create(
        debate=debate, parent=parent, author=author, stance=stance, body=body, geom=geom, published_at=timezone.now()
    )
    notifications.notify_followers(
        debate,
        kind=Notification.Kind.ARGUMENT,
        subject=debate.title,
        path=argument.get_absolute_url(),
        mail_template="debates/email/argued.txt",
        exclude=[author],
        context={"debate": debate, "arguer": author},
    )
    return argument


def argument_support_create(*, user, argument: Argument) -> tuple[ArgumentSupport, bool]:
    """Supports a published argument once; a repeated or concurrent request returns the existing support. The
    argument's supports_count follows by a database trigger (sql/post_10_counts.sql)."""
    _check_open(argument.debate, user, rules.ARGUMENT_SUPPORTS)
    if argument.published_at is None or argument.hidden_at is not None:
        raise ValidationError({"argument": ["Cet argument n'est pas publié : il ne peut pas être soutenu."]})
    try:
        with transaction.atomic():
            support = ArgumentSupport.objects.create(user=user, argument=argument)
    except IntegrityError:
        # The unique constraint, not a prior SELECT, decides: two simultaneous clicks cannot both insert.
        return ArgumentSupport.objects.get(user=user, argument=argument), False
    return support, True


def argument_support_delete(*, user, argument: Argument) -> bool:
    _check_open(argument.debate, user, rules.ARGUMENT_SUPPORTS)
    deleted, _ = ArgumentSupport.objects.filter(user=user, argument=argument).delete()
    return bool(deleted)


def debate_check(*, state: str, conclusion: str) -> str:
    """The rule of a debate's closing, for the back-office form and every other writer: a closed debate has the
    officers' conclusion. Returns the conclusion's text."""
    conclusion = (conclusion or "").strip()
    if state == Debate.State.CLOSED and not conclusion:
        raise ValidationError({"conclusion": ["Un débat clos porte la conclusion de la métropole : rédigez-la."]})
    return conclusion


@transaction.atomic
def debate_save(*, debate: Debate) -> Debate:
    """Saves an officer's debate; the date of the conclusion is that of its last change."""
    debate.conclusion = debate_check(state=debate.state, conclusion=debate.conclusion)
    previous = Debate.objects.filter(pk=debate.pk).values_list("conclusion", flat=True).first() if debate.pk else ""
    if debate.conclusion != (previous or ""):
        debate.concluded_at = timezone.now() if debate.conclusion else None
    if debate.pk is None:
        debate.save()
    else:
        # The argument counts are the triggers' (sql/post_10_counts.sql): a save of the officer's form must not write
        # back the counts it read.
        debate.save(
            update_fields=[f.name for f in Debate._meta.concrete_fields if f.name not in COUNTERS and not f.primary_key]
        )
    return debate
