"""Every change to collectives, memberships, invitations and requests to join.

Each function runs in one transaction, records the change in the audit log and
raises DomainError with a message for the person when the change is refused.
Permission checks stay in the views (rules.py); these functions keep the
invariants that hold whoever calls them.
"""

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.text import slugify
from django.utils.translation import gettext as _

from maillage.accounts.models import User
from maillage.audit.services import log_action
from maillage.core.changes import clean_line
from maillage.core.errors import DomainError
from maillage.core.mail import queue_email
from maillage.core.typography import elide

from .models import (
    Collective,
    Invitation,
    Membership,
    MembershipRequest,
    Organisation,
    RequestStatus,
    Role,
)
from .rules import forget_roles

INVITATION_SALT = "maillage.collectives.invitation"
COLLECTIVE_FIELDS = [
    "name",
    "short_name",
    "territory",
    "region",
    "description",
    "visibility",
    "languages",
    "requires_charter_agreement",
]


def _snapshot(obj, fields):
    return {field: getattr(obj, field) for field in fields}


# Words used in addresses next to a collective's slug (collectifs/nouveau/, …).
RESERVED_SLUGS = {"nouveau", "new"}

# What ending a membership releases in the other apps: each registers, in its
# AppConfig.ready, a function ``release(*, actor, membership)`` that takes the person
# off the roles they held on the collective's ongoing work (a group still running, a
# planned meeting, a project, an upcoming event) and records it in that work's history.
# Rights never depend on this: rules.object_role already refuses a role to anyone who
# is no longer a member. Past work keeps who held its roles.
ROLE_RELEASES = []


def on_membership_end(release):
    ROLE_RELEASES.append(release)
    return release


def unique_slug(model, text, max_length=60):
    base = slugify(text)[: max_length - 4] or "x"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _add_member(collective, user, role, organisation=None):
    """Create an active membership; a second one for the same person is refused."""
    if Membership.objects.active().filter(collective=collective, user=user).exists():
        raise DomainError(
            elide(
                _("%(person)s is already a member of %(collective)s.")
                % {"person": user, "collective": collective.short_name}
            )
        )
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                collective=collective, user=user, role=role, organisation=organisation
            )
    except IntegrityError:
        raise DomainError(
            elide(
                _("%(person)s is already a member of %(collective)s.")
                % {"person": user, "collective": collective.short_name}
            )
        ) from None
    if organisation is not None:
        collective.organisations.add(organisation)
    forget_roles(user)
    return membership


@transaction.atomic
def create_collective(*, actor, networks=(), **fields):
    """Create a collective; the person who creates it becomes its first coordinator."""
    unknown = set(fields) - set(COLLECTIVE_FIELDS) - {"slug", "logo"}
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    fields.setdefault("slug", unique_slug(Collective, fields.get("short_name") or fields["name"]))
    collective = Collective.objects.create(**fields)
    collective.networks.set(networks)
    _add_member(collective, actor, Role.COORDINATOR)
    log_action(
        actor=actor,
        action="collective.created",
        obj=collective,
        after=_snapshot(collective, COLLECTIVE_FIELDS),
    )
    return collective


@transaction.atomic
def update_collective(*, actor, collective, networks=None, **fields):
    collective = Collective.objects.select_for_update().get(pk=collective.pk)
    before = _snapshot(collective, COLLECTIVE_FIELDS)
    for field, value in fields.items():
        if field not in COLLECTIVE_FIELDS and field != "logo":
            raise TypeError(f"unknown field {field}")
        setattr(collective, field, value)
    collective.full_clean()
    collective.save()
    if networks is not None:
        collective.networks.set(networks)
    log_action(
        actor=actor,
        action="collective.updated",
        obj=collective,
        before=before,
        after=_snapshot(collective, COLLECTIVE_FIELDS),
    )
    return collective


@transaction.atomic
def add_organisation(
    *, actor, collective, organisation=None, name="", kind="", website="", address=""
):
    """Add an existing organisation to the collective, or create it first."""
    if organisation is None:
        name = clean_line(name, field="name", empty_message=_("Give the organisation's name."))
        existing = Organisation.objects.filter(name__iexact=name).first()
        if existing is not None:
            organisation = existing
        else:
            organisation = Organisation.objects.create(
                name=name,
                slug=unique_slug(Organisation, name, 80),
                kind=kind or "other",
                website=website,
                address=address,
            )
    if collective.organisations.filter(pk=organisation.pk).exists():
        raise DomainError(
            _("%(organisation)s already takes part in the collective.")
            % {"organisation": organisation},
            field="name",
        )
    collective.organisations.add(organisation)
    log_action(
        actor=actor,
        action="collective.organisation_added",
        obj=organisation,
        collective=collective,
        after={"organisation": organisation.name},
    )
    return organisation


# Invitations -----------------------------------------------------------------


def invitation_token(invitation):
    """The invitation's link: its number and its own secret, signed (for the expiry)."""
    return signing.dumps([invitation.pk, invitation.secret], salt=INVITATION_SALT)


def invitation_url(invitation):
    return settings.SITE_URL + reverse(
        "collectives:invitation", args=[invitation_token(invitation)]
    )


def invitation_from_token(token):
    """The invitation a link points to, if it can still be used; DomainError otherwise."""
    max_age = settings.INVITATION_MAX_AGE.total_seconds()
    try:
        pk, secret = signing.loads(token, salt=INVITATION_SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise DomainError(
            _("This invitation has expired. Ask the coordinators for a new one."), code="expired"
        ) from None
    except (signing.BadSignature, TypeError, ValueError):
        # A bad signature, or a signed value that is not [number, secret] (links made
        # before invitations had their own secret: they can no longer be trusted).
        raise DomainError(
            _("This invitation link is not valid. Check that you copied it whole."),
            code="invalid",
        ) from None
    invitation = (
        Invitation.objects.select_related("collective", "organisation", "invited_by")
        .filter(pk=pk if isinstance(pk, int) else None)
        .first()
    )
    if (
        invitation is None
        or not isinstance(secret, str)
        or not constant_time_compare(secret, invitation.secret)
    ):
        raise DomainError(_("This invitation link is not valid."), code="invalid")
    if invitation.accepted_at is not None:
        raise DomainError(
            _("This invitation has already been used. Log in to reach the collective."),
            code="used",
        )
    if invitation.revoked_at is not None:
        raise DomainError(_("This invitation was withdrawn by the coordinators."), code="revoked")
    if invitation.is_expired:
        raise DomainError(
            _("This invitation has expired. Ask the coordinators for a new one."), code="expired"
        )
    return invitation


@transaction.atomic
def invite(*, actor, collective, email, role=Role.MEMBER, organisation=None, message=""):
    email = User.objects.normalize_email(email).strip().lower()
    if (
        Membership.objects.active()
        .filter(collective=collective, user__email__iexact=email)
        .exists()
    ):
        raise DomainError(
            _("%(email)s is already a member of the collective.") % {"email": email}, field="email"
        )
    waiting = (
        Invitation.objects.filter(
            collective=collective, email__iexact=email, accepted_at=None, revoked_at=None
        )
        .order_by("-created_at")
        .first()
    )
    if waiting is not None:
        if not waiting.is_expired:
            raise DomainError(
                _(
                    "An invitation to %(email)s is already waiting (valid until %(date)s). "
                    "Withdraw it first to send a new one."
                )
                % {
                    "email": email,
                    "date": timezone.localtime(waiting.expires_at).strftime("%d.%m.%Y"),
                },
                field="email",
            )
        waiting.revoked_at = timezone.now()
        waiting.save(update_fields=["revoked_at"])
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                collective=collective,
                email=email,
                role=role,
                organisation=organisation,
                message=message,
                invited_by=actor,
                expires_at=timezone.now() + settings.INVITATION_MAX_AGE,
            )
    except IntegrityError:
        raise DomainError(
            _("An invitation to %(email)s is already waiting.") % {"email": email}, field="email"
        ) from None
    log_action(
        actor=actor,
        action="invitation.sent",
        obj=invitation,
        after={"email": email, "role": role},
    )
    recipient = User.objects.filter(email__iexact=email).first()
    queue_email(
        template="collectives/email/invitation",
        to=email,
        language=recipient.language if recipient else None,
        context={"invitation": invitation, "url": invitation_url(invitation)},
    )
    return invitation


@transaction.atomic
def revoke_invitation(*, actor, invitation):
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open:
        raise DomainError(_("This invitation can no longer be withdrawn."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    log_action(
        actor=actor,
        action="invitation.revoked",
        obj=invitation,
        before={"email": invitation.email},
    )
    return invitation


@transaction.atomic
def accept_invitation(*, user, token):
    invitation = invitation_from_token(token)
    # Lock the row: a link clicked twice at once is used once.
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise DomainError(_("This invitation has already been used."), code="used")
    if invitation.email.lower() != user.email.lower():
        raise DomainError(
            _(
                "This invitation was sent to %(email)s, but you are logged in as %(current)s. "
                "Log out and use the account of the invited address."
            )
            % {"email": invitation.email, "current": user.email},
            code="other_account",
        )
    membership = _add_member(invitation.collective, user, invitation.role, invitation.organisation)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    log_action(
        actor=user,
        action="membership.joined_by_invitation",
        obj=membership,
        after={"role": membership.role, "organisation": str(membership.organisation or "")},
    )
    return membership


# Requests to join -------------------------------------------------------------


def current_charter(collective):
    from maillage.governance.models import GovernanceText, TextKind

    text = GovernanceText.objects.filter(collective=collective, kind=TextKind.CHARTER).first()
    return text.current_version() if text else None


@transaction.atomic
def request_to_join(*, user, collective, message="", organisation=None, agrees_to_charter=False):
    if not collective.is_public:
        raise DomainError(_("This collective does not take requests to join."))
    if Membership.objects.active().filter(collective=collective, user=user).exists():
        raise DomainError(_("You are already a member of this collective."))
    charter_version = None
    if collective.requires_charter_agreement:
        charter_version = current_charter(collective)
        if charter_version is not None and not agrees_to_charter:
            raise DomainError(
                _("To join, you must agree to the collective's charter."), field="agrees_to_charter"
            )
    try:
        with transaction.atomic():
            request = MembershipRequest.objects.create(
                collective=collective,
                user=user,
                message=message,
                organisation=organisation,
                charter_version=charter_version,
            )
    except IntegrityError:
        raise DomainError(_("You have already asked to join; wait for the answer.")) from None
    log_action(
        actor=user,
        action="membership_request.created",
        obj=request,
        after={"message": message},
    )
    for membership in Membership.objects.coordinators(collective):
        queue_email(
            template="collectives/email/request_received",
            to=membership.user.email,
            language=membership.user.language,
            context={
                "request": request,
                "url": settings.SITE_URL + reverse("collectives:requests", args=[collective.slug]),
            },
        )
    return request


def _pending_request(request):
    request = MembershipRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != RequestStatus.PENDING:
        raise DomainError(
            _("This request has already been answered (%(status)s).")
            % {"status": request.get_status_display()}
        )
    return request


def _decide(*, actor, request, status, reason="", after):
    """Record the answer to a pending request, log it and tell the person."""
    request.status = status
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.decision_reason = reason
    request.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    log_action(
        actor=actor,
        action=f"membership_request.{status}",
        obj=request,
        after={"person": str(request.user), **after},
    )
    _tell_requester(request)
    return request


@transaction.atomic
def accept_request(*, actor, request, role=Role.MEMBER):
    request = _pending_request(request)
    membership = _add_member(request.collective, request.user, role, request.organisation)
    _decide(actor=actor, request=request, status=RequestStatus.ACCEPTED, after={"role": role})
    return membership


@transaction.atomic
def refuse_request(*, actor, request, reason):
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Say why the request is refused."), field="reason")
    request = _pending_request(request)
    return _decide(
        actor=actor,
        request=request,
        status=RequestStatus.REFUSED,
        reason=reason,
        after={"reason": reason},
    )


def _tell_requester(request):
    queue_email(
        template="collectives/email/request_answered",
        to=request.user.email,
        language=request.user.language,
        context={
            "request": request,
            "url": settings.SITE_URL + request.collective.get_absolute_url(),
        },
    )


# Members ----------------------------------------------------------------------


def _lock_membership(membership):
    """Lock the collective, then the membership: changes of one collective's
    members happen one at a time, so two coordinators removing each other at
    once cannot leave the collective without any."""
    Collective.objects.select_for_update().filter(pk=membership.collective_id).first()
    return (
        Membership.objects.select_for_update()
        .select_related("collective", "user")
        .get(pk=membership.pk)
    )


def _ensure_a_coordinator_remains(membership):
    if membership.role != Role.COORDINATOR:
        return
    others = (
        Membership.objects.active()
        .filter(collective=membership.collective, role=Role.COORDINATOR)
        .exclude(pk=membership.pk)
    )
    if not others.exists():
        raise DomainError(_("A collective needs at least one coordinator: name another one first."))


@transaction.atomic
def change_role(*, actor, membership, role):
    membership = _lock_membership(membership)
    if not membership.is_active:
        raise DomainError(_("This membership has ended."))
    if membership.role == role:
        return membership
    if role != Role.COORDINATOR:
        _ensure_a_coordinator_remains(membership)
    before = {"role": membership.role}
    membership.role = role
    membership.save(update_fields=["role"])
    forget_roles(membership.user)
    log_action(
        actor=actor,
        action="membership.role_changed",
        obj=membership,
        before=before,
        after={"role": role},
    )
    return membership


@transaction.atomic
def end_membership(*, actor, membership, reason=""):
    """End a membership today. The row stays, so the collective's history stays whole."""
    membership = _lock_membership(membership)
    if not membership.is_active:
        raise DomainError(_("This membership has already ended."))
    _ensure_a_coordinator_remains(membership)
    membership.end_date = max(timezone.localdate(), membership.start_date)
    membership.end_reason = reason.strip()[:300]
    membership.save(update_fields=["end_date", "end_reason"])
    forget_roles(membership.user)
    log_action(
        actor=actor,
        action="membership.ended",
        obj=membership,
        before={"role": membership.role},
        after={"end_date": membership.end_date.isoformat(), "reason": membership.end_reason},
    )
    for release in ROLE_RELEASES:
        release(actor=actor, membership=membership)
    return membership
