"""The one place the console's rights are read. Every console view, and every service a console view calls, asks here:

- an administrator (a Role of that kind, or a Django superuser) does everything;
- an officer of a concertation manages its space only: presentation, calendar, members, moderation and answers of
  its contributions, its surveys, meetings, debates, news and bilan;
- a commune officer sees and answers the contributions located in its commune, in every concertation, and nothing
  else (no space, no moderation).

access_of() reads a person's roles once per request (one query) and keeps them on the user object.
"""

from dataclasses import dataclass

from django.db.models import Q

from geoparticipation.participation.models import Process

from .models import Role


@dataclass(frozen=True)
class Access:
    administrator: bool
    process_ids: frozenset[int]
    commune_ids: frozenset[int]

    @property
    def can_enter(self) -> bool:
        return self.administrator or bool(self.process_ids or self.commune_ids)

    @property
    def manages_spaces(self) -> bool:
        """An administrator or the officer of at least one concertation (not a commune officer only)."""
        return self.administrator or bool(self.process_ids)


NO_ACCESS = Access(False, frozenset(), frozenset())


def access_of(user) -> Access:
    if user is None or not user.is_authenticated or not user.is_active:
        return NO_ACCESS
    cached = getattr(user, "_console_access", None)
    if cached is None:
        rows = list(Role.objects.filter(user=user).values_list("kind", "process_id", "commune_id"))
        cached = Access(
            administrator=user.is_superuser or any(kind == Role.Kind.ADMINISTRATOR for kind, _, _ in rows),
            process_ids=frozenset(p for kind, p, _ in rows if kind == Role.Kind.PROCESS_OFFICER),
            commune_ids=frozenset(c for kind, _, c in rows if kind == Role.Kind.COMMUNE_OFFICER),
        )
        user._console_access = cached
    return cached


def forget(user) -> None:
    """After a change of roles, so that the next access_of() reads them again."""
    user.__dict__.pop("_console_access", None)


def is_administrator(user) -> bool:
    return access_of(user).administrator


def can_manage(user, process) -> bool:
    """Whether `user` runs the space of `process` (an administrator, or an officer of that concertation)."""
    access = access_of(user)
    return access.administrator or process.pk in access.process_ids


def managed_processes(user):
    """The concertations whose space `user` runs, unpublished ones included."""
    access = access_of(user)
    if access.administrator:
        return Process.objects.all()
    return Process.objects.filter(pk__in=access.process_ids)


def managed_process_ids(user) -> tuple[int, ...] | None:
    """The ids of the concertations whose space `user` runs, sorted (a stable key for kept summaries); None for an
    administrator: all of them."""
    access = access_of(user)
    return None if access.administrator else tuple(sorted(access.process_ids))


def scope_filter(user, *, process="process", commune="commune") -> Q | None:
    """The contributions `user` may see and answer, as a filter on a queryset whose rows have a concertation and a
    commune (`process` and `commune` name those fields, as paths: « proposal__process »). None: everything."""
    access = access_of(user)
    if access.administrator:
        return None
    return Q(**{f"{process}_id__in": access.process_ids}) | Q(**{f"{commune}_id__in": access.commune_ids})


def in_scope(user, queryset, *, process="process", commune="commune"):
    condition = scope_filter(user, process=process, commune=commune)
    return queryset if condition is None else queryset.filter(condition)


def can_see(user, contribution) -> bool:
    """Whether `user` may see and answer one contribution (anything with process_id and commune_id)."""
    access = access_of(user)
    return (
        access.administrator
        or contribution.process_id in access.process_ids
        or getattr(contribution, "commune_id", None) in access.commune_ids
    )


def can_moderate(user, contribution) -> bool:
    """Hiding, restoring and correcting are the space's: a commune officer answers but does not moderate."""
    access = access_of(user)
    return access.administrator or contribution.process_id in access.process_ids
