"""/gestion/agents/ (the console's roles, administrators only) and /gestion/concertations/<slug>/membres/ (a private
space's members, for the space's officers)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.views.decorators.http import require_POST

from geoparticipation.accounts.models import User
from geoparticipation.web.pagination import CappedPaginator

from ..access import administrator_required, space_view
from ..models import Invitation, Role, RoleChange
from . import services
from .forms import MemberAddForm, MembersImportForm, PrivacyForm, RoleFilterForm, RoleGrantForm

PER_PAGE = 50
CAP = 10_000
JOURNAL_LINES = 20


def _site_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@administrator_required
def officers(request):
    grant_form = RoleGrantForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and grant_form.is_valid():
        data = grant_form.cleaned_data
        scope = {"kind": data["kind"], "process": data["process"], "commune": data["commune"]}
        user = User.objects.filter(email=data["email"]).first()
        if user is None:
            services.role_invite(by=request.user, email=data["email"], site_url=_site_url(request), **scope)
            messages.success(
                request, f"Aucun compte n'a l'adresse {data['email']} : une invitation lui a été envoyée par e-mail."
            )
        else:
            role, created = services.role_grant(by=request.user, user=user, **scope)
            if created:
                messages.success(request, f"Rôle « {role} » attribué à {user.pseudonym} ({user.email}).")
            else:
                messages.info(request, f"{user.pseudonym} ({user.email}) a déjà le rôle « {role} ».")
        return redirect("console:officers")
    filter_form = RoleFilterForm(request.GET)
    rows = Role.objects.select_related("user", "process", "commune").order_by("-granted_at", "-id")
    if filter_form.is_valid() and filter_form.cleaned_data["kind"]:
        rows = rows.filter(kind=filter_form.cleaned_data["kind"])
    page = CappedPaginator(rows, PER_PAGE, cap=CAP).get_page(request.GET.get("page"))
    invitations = Invitation.objects.exclude(kind=Invitation.Kind.MEMBER).select_related("process", "commune")
    context = {
        "page": page,
        "filter_form": filter_form,
        "grant_form": grant_form,
        "invitations": invitations.order_by("-invited_at", "-id")[:PER_PAGE],
        "changes": RoleChange.objects.select_related("process", "commune").order_by("-at", "-id")[:JOURNAL_LINES],
    }
    return render(request, "console/officers/officers.html", context, status=400 if grant_form.errors else 200)


@administrator_required
def role_revoke(request, pk):
    role = get_object_or_404(Role.objects.select_related("user", "process", "commune"), pk=pk)
    if request.method == "POST":
        if role.user_id == request.user.pk and role.kind == Role.Kind.ADMINISTRATOR:
            messages.error(request, "Vous ne pouvez pas retirer votre propre rôle d'administrateur.")
        else:
            services.role_revoke(by=request.user, role=role)
            messages.success(request, f"Rôle « {role} » retiré à {role.user.pseudonym} ({role.user.email}).")
        return redirect("console:officers")
    return render(request, "console/officers/role_revoke.html", {"role": role})


def _role_invitation(pk) -> Invitation:
    return get_object_or_404(Invitation.objects.exclude(kind=Invitation.Kind.MEMBER), pk=pk)


@require_POST
@administrator_required
def invitation_cancel(request, pk):
    invitation = _role_invitation(pk)
    services.invitation_cancel(by=request.user, invitation=invitation)
    messages.success(request, f"L'invitation de {invitation.email} ({invitation.get_kind_display()}) est annulée.")
    return redirect("console:officers")


@require_POST
@administrator_required
def invitation_resend(request, pk):
    invitation = services.invitation_resend(
        by=request.user, invitation=_role_invitation(pk), site_url=_site_url(request)
    )
    messages.success(
        request,
        f"L'invitation est renvoyée à {invitation.email} ; elle expire le {date_format(invitation.expires_at)}.",
    )
    return redirect("console:officers")


def _members_page(request, process, *, status=200, **forms):
    members = process.members.order_by("email", "pk").only("pk", "email", "pseudonym")
    page = CappedPaginator(members, PER_PAGE, cap=CAP).get_page(request.GET.get("page"))
    invitations = Invitation.objects.filter(kind=Invitation.Kind.MEMBER, process=process)
    context = {
        "process": process,
        "page": page,
        "invited_count": invitations.count(),
        "invitations": invitations.order_by("-invited_at", "-id")[:PER_PAGE],
        "privacy_form": forms.get("privacy_form") or PrivacyForm(initial={"is_private": process.is_private}),
        "add_form": forms.get("add_form") or MemberAddForm(),
        "import_form": forms.get("import_form") or MembersImportForm(),
        "report": forms.get("report"),
    }
    return render(request, "console/officers/members.html", context, status=status)


@space_view
def space_members(request, process):
    return _members_page(request, process)


@require_POST
@space_view
def space_privacy(request, process):
    form = PrivacyForm(request.POST)
    form.is_valid()
    is_private = form.cleaned_data.get("is_private", False)
    services.process_privacy_set(process=process, is_private=is_private)
    if is_private:
        messages.success(request, "L'espace est privé : seuls ses membres et les agents voient la concertation.")
    else:
        messages.success(request, "L'espace est public : tout le monde voit la concertation.")
    return redirect("console:space_members", slug=process.slug)


@require_POST
@space_view
def space_member_add(request, process):
    form = MemberAddForm(request.POST)
    if not form.is_valid():
        return _members_page(request, process, add_form=form, status=400)
    email = form.cleaned_data["email"]
    report = services.members_add(process=process, emails=[email], site_url=_site_url(request), by=request.user)
    if report.added:
        messages.success(request, f"{email} est membre de l'espace ; un e-mail l'en informe.")
    elif report.invited:
        messages.success(request, f"Aucun compte n'a l'adresse {email} : une invitation lui a été envoyée.")
    else:
        messages.info(request, f"{email} est déjà membre de l'espace.")
    return redirect("console:space_members", slug=process.slug)


@require_POST
@space_view
def space_members_import(request, process):
    form = MembersImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _members_page(request, process, import_form=form, status=400)
    try:
        report = services.members_import(
            process=process, data=form.cleaned_data["file"].read(), site_url=_site_url(request), by=request.user
        )
    except ValidationError as error:
        form.add_error("file", error)
        return _members_page(request, process, import_form=form, status=400)
    return _members_page(request, process, report=report)


@space_view
def space_member_remove(request, process, user_id):
    member = get_object_or_404(process.members.all(), pk=user_id)
    if request.method == "POST":
        services.member_remove(process=process, user=member)
        messages.success(request, f"{member.pseudonym} ({member.email}) n'est plus membre de l'espace.")
        return redirect("console:space_members", slug=process.slug)
    return render(request, "console/officers/member_remove.html", {"process": process, "member": member})


def _member_invitation(process, pk) -> Invitation:
    """Only an invitation to this space: another space's is not found."""
    return get_object_or_404(Invitation, kind=Invitation.Kind.MEMBER, process=process, pk=pk)


@require_POST
@space_view
def space_invitation_cancel(request, process, pk):
    invitation = _member_invitation(process, pk)
    services.invitation_cancel(by=request.user, invitation=invitation)
    messages.success(request, f"L'invitation de {invitation.email} est annulée.")
    return redirect("console:space_members", slug=process.slug)


@require_POST
@space_view
def space_invitation_resend(request, process, pk):
    invitation = services.invitation_resend(
        by=request.user, invitation=_member_invitation(process, pk), site_url=_site_url(request)
    )
    messages.success(
        request,
        f"L'invitation est renvoyée à {invitation.email} ; elle expire le {date_format(invitation.expires_at)}.",
    )
    return redirect("console:space_members", slug=process.slug)
