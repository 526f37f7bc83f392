"""Members of a collective: the list, invitations, requests to join, roles, leaving."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.accounts import services as account_services
from maillage.accounts.forms import SignupForm
from maillage.accounts.models import User
from maillage.core.errors import DomainError

from . import services
from .access import get_collective
from .forms import EndMembershipForm, InvitationForm, JoinForm, RefuseForm, RoleForm
from .models import Invitation, Membership, MembershipRequest, RequestStatus, Role
from .views import members_by_organisation


def members(request, slug):
    collective = get_collective(request, slug, "collectives.view_members")
    can_manage = request.user.has_perm("collectives.manage_members", collective)
    groups, individuals = members_by_organisation(collective)
    context = {
        "collective": collective,
        "organisation_groups": groups,
        "individuals": individuals,
        "can_manage": can_manage,
        "show_contacts": request.user.has_perm("collectives.view_member_contacts", collective),
        "roles": Role.choices,
    }
    if can_manage:
        context["past_members"] = (
            Membership.objects.past()
            .filter(collective=collective)
            .select_related("user", "organisation")
            .order_by("-end_date")
        )
        context["open_invitations"] = Invitation.objects.filter(
            collective=collective, accepted_at=None, revoked_at=None
        ).select_related("invited_by")
    return render(request, "collectives/members.html", context)


def invite(request, slug):
    collective = get_collective(request, slug, "collectives.invite")
    form = InvitationForm(request.POST if request.method == "POST" else None, collective=collective)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invite(
                actor=request.user,
                collective=collective,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                organisation=form.cleaned_data["organisation"],
                message=form.cleaned_data["message"],
            )
        except DomainError as exc:
            form.add_error(exc.field, exc.message)
        else:
            messages.success(
                request, _("An invitation was sent to %(email)s.") % {"email": invitation.email}
            )
            return redirect("collectives:members", collective.slug)
    return render(request, "collectives/invite.html", {"collective": collective, "form": form})


@require_POST
def revoke_invitation(request, slug, pk):
    collective = get_collective(request, slug, "collectives.invite")
    invitation = get_object_or_404(Invitation, collective=collective, pk=pk)
    try:
        services.revoke_invitation(actor=request.user, invitation=invitation)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("The invitation to %(email)s is withdrawn.") % {"email": invitation.email}
        )
    return redirect("collectives:members", collective.slug)


@login_not_required
def invitation(request, token):
    """Where an invitation link leads: log in or open an account, then accept."""
    try:
        invitation = services.invitation_from_token(token)
    except DomainError as exc:
        return render(request, "collectives/invitation_invalid.html", {"error": exc}, status=410)
    user = request.user
    signup_form = None
    if not user.is_authenticated:
        has_account = User.objects.filter(email__iexact=invitation.email).exists()
        if not has_account:
            signup_form = SignupForm(
                request.POST if request.method == "POST" else None, fixed_email=invitation.email
            )
            if request.method == "POST" and signup_form.is_valid():
                try:
                    user = account_services.create_account(
                        email=invitation.email,
                        display_name=signup_form.cleaned_data["display_name"],
                        password=signup_form.cleaned_data["password1"],
                        language=request.LANGUAGE_CODE,
                    )
                except DomainError as exc:
                    signup_form.add_error(None, exc.message)
                else:
                    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                    return _accept(request, user, token)
        return render(
            request,
            "collectives/invitation.html",
            {"invitation": invitation, "signup_form": signup_form, "has_account": has_account},
        )
    if request.method == "POST":
        return _accept(request, user, token)
    return render(request, "collectives/invitation.html", {"invitation": invitation})


def _accept(request, user, token):
    try:
        membership = services.accept_invitation(user=user, token=token)
    except DomainError as exc:
        return render(request, "collectives/invitation_invalid.html", {"error": exc}, status=409)
    messages.success(
        request, _("Welcome to %(collective)s.") % {"collective": membership.collective.name}
    )
    return redirect(membership.collective)


def join(request, slug):
    collective = get_collective(request, slug)
    if not request.user.has_perm("collectives.request_to_join", collective):
        raise PermissionDenied
    pending = MembershipRequest.objects.filter(
        collective=collective, user=request.user, status=RequestStatus.PENDING
    ).first()
    charter = (
        services.current_charter(collective) if collective.requires_charter_agreement else None
    )
    form = JoinForm(
        request.POST if request.method == "POST" else None, collective=collective, charter=charter
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.request_to_join(
                user=request.user,
                collective=collective,
                message=form.cleaned_data["message"],
                organisation=form.cleaned_data["organisation"],
                agrees_to_charter=form.cleaned_data.get("agrees_to_charter", False),
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request, _("Your request is sent. The coordinators will answer you by e-mail.")
            )
            return redirect(collective)
    return render(
        request,
        "collectives/join.html",
        {"collective": collective, "form": form, "charter": charter, "pending": pending},
    )


def requests(request, slug):
    collective = get_collective(request, slug, "collectives.manage_requests")
    all_requests = MembershipRequest.objects.filter(collective=collective).select_related(
        "user", "organisation", "charter_version", "decided_by"
    )
    return render(
        request,
        "collectives/requests.html",
        {
            "collective": collective,
            "pending": [r for r in all_requests if r.is_pending],
            "answered": [r for r in all_requests if not r.is_pending],
            "refuse_form": RefuseForm(),
        },
    )


def _request_row(request, collective, membership_request, refuse_form=None):
    """After an answer: the updated row for htmx, or the whole page again without it."""
    if request.htmx:
        return render(
            request,
            "collectives/includes/request_row_answer.html",
            {
                "collective": collective,
                "r": membership_request,
                "refuse_form": refuse_form or RefuseForm(),
            },
        )
    return redirect("collectives:requests", collective.slug)


@require_POST
def accept_request(request, slug, pk):
    collective = get_collective(request, slug, "collectives.manage_requests")
    membership_request = get_object_or_404(MembershipRequest, collective=collective, pk=pk)
    try:
        services.accept_request(actor=request.user, request=membership_request)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("%(person)s is now a member.") % {"person": membership_request.user}
        )
    membership_request.refresh_from_db()
    return _request_row(request, collective, membership_request)


@require_POST
def refuse_request(request, slug, pk):
    collective = get_collective(request, slug, "collectives.manage_requests")
    membership_request = get_object_or_404(MembershipRequest, collective=collective, pk=pk)
    form = RefuseForm(request.POST)
    if form.is_valid():
        try:
            services.refuse_request(
                actor=request.user, request=membership_request, reason=form.cleaned_data["reason"]
            )
        except DomainError as exc:
            form.add_error("reason" if exc.field == "reason" else None, exc.message)
        else:
            messages.success(request, _("The request is refused; the person is told why."))
            membership_request.refresh_from_db()
            return _request_row(request, collective, membership_request)
    if request.htmx:
        return _request_row(request, collective, membership_request, form)
    return render(
        request,
        "collectives/refuse.html",
        {"collective": collective, "r": membership_request, "form": form},
        status=400,
    )


@require_POST
def change_role(request, slug, pk):
    collective = get_collective(request, slug, "collectives.manage_members")
    membership = get_object_or_404(Membership.objects.active(), collective=collective, pk=pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the roles in the list."))
    else:
        try:
            services.change_role(
                actor=request.user, membership=membership, role=form.cleaned_data["role"]
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            membership.refresh_from_db()
            messages.success(
                request,
                _("%(person)s is now %(role)s.")
                % {"person": membership.user, "role": membership.get_role_display().lower()},
            )
    return redirect("collectives:members", collective.slug)


def end_membership(request, slug, pk):
    """Ask for confirmation and a reason, then end the membership (the row is kept)."""
    collective = get_collective(request, slug, "collectives.manage_members")
    membership = get_object_or_404(
        Membership.objects.active().select_related("user", "organisation"),
        collective=collective,
        pk=pk,
    )
    form = EndMembershipForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_membership(
                actor=request.user, membership=membership, reason=form.cleaned_data["reason"]
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("%(person)s is no longer a member; the history is kept.")
                % {"person": membership.user},
            )
        return redirect("collectives:members", collective.slug)
    return render(
        request,
        "collectives/end_membership.html",
        {"collective": collective, "membership": membership, "form": form},
    )


def leave(request, slug):
    collective = get_collective(request, slug, "collectives.leave")
    membership = Membership.objects.active().get(collective=collective, user=request.user)
    if request.method == "POST":
        try:
            services.end_membership(actor=request.user, membership=membership, reason=_("Left"))
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, _("You have left %(collective)s.") % {"collective": collective.name}
            )
            return redirect("core:dashboard")
    return render(request, "collectives/leave.html", {"collective": collective})
