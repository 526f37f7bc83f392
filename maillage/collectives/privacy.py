"""What collectives hold about a person (core/personal.py): memberships, invitations to
their address, requests to join, network coordinator roles.

Deleting an account ends every active membership through ``services.end_membership``
(which releases the person's roles on ongoing work, app by app) and the person's network
coordinator roles; the rows stay, so that the collective's history stays whole, and read
"deleted person" once the account is erased. Invitations to the address are deleted;
requests to join lose their message (a pending one is withdrawn). A coordinator's answer
for an address deletes that collective's invitations to it.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core import personal
from maillage.core.errors import DomainError

from .models import (
    Invitation,
    Membership,
    MembershipRequest,
    NetworkCoordinator,
    RequestStatus,
    Role,
)
from .services import end_membership


def sole_coordinator_of(user):
    """The collectives where ``user`` is the only active coordinator: they must name
    another one before leaving them."""
    theirs = Membership.objects.active().filter(user=user, role=Role.COORDINATOR)
    return [
        m.collective
        for m in theirs.select_related("collective")
        if not Membership.objects.active()
        .filter(collective=m.collective_id, role=Role.COORDINATOR)
        .exclude(user=user)
        .exists()
    ]


def export(person):
    data = {}
    if person.user is not None:
        memberships = person.within(Membership.objects.filter(user=person.user))
        data["memberships"] = [
            {
                "collective": m.collective.name,
                "role": m.role,
                "represents": m.organisation.name if m.organisation else None,
                "since": personal.iso(m.start_date),
                "until": personal.iso(m.end_date),
                "reason_for_leaving": m.end_reason,
            }
            for m in memberships.select_related("collective", "organisation")
        ]
        requests = person.within(MembershipRequest.objects.filter(user=person.user))
        data["requests_to_join"] = [
            {
                "collective": r.collective.name,
                "message": r.message,
                "status": r.status,
                "sent_at": personal.iso(r.created_at),
                "answered_at": personal.iso(r.decided_at),
                "reason": r.decision_reason,
            }
            for r in requests.select_related("collective")
        ]
        roles = person.within(NetworkCoordinator.objects.filter(user=person.user))
        data["network_roles"] = [
            {
                "network": r.network.name,
                "named_at": personal.iso(r.named_at),
                "until": personal.iso(r.removed_at),
            }
            for r in roles.select_related("network")
        ]
    invitations = person.within(Invitation.objects.filter(person.by(email_field="email")))
    data["invitations"] = [
        {
            "collective": i.collective.name,
            "role": i.role,
            "message": i.message,
            "sent_at": personal.iso(i.created_at),
            "accepted_at": personal.iso(i.accepted_at),
            "withdrawn_at": personal.iso(i.revoked_at),
        }
        for i in invitations.select_related("collective")
    ]
    return {key: value for key, value in data.items() if value}


def erase(person):
    done = {}
    invitations = person.within(Invitation.objects.filter(person.by(email_field="email")))
    done["invitations"] = invitations.delete()[0]
    if person.user is None:
        return done
    user = person.user
    if person.collectives is None:
        alone = sole_coordinator_of(user)
        if alone:
            raise DomainError(
                _(
                    "You are the only coordinator of %(collectives)s: name another "
                    "coordinator there first."
                )
                % {"collectives": ", ".join(c.name for c in alone)}
            )
    active = person.within(Membership.objects.active().filter(user=user))
    ended = 0
    for membership in active:
        end_membership(actor=user, membership=membership)
        ended += 1
    done["memberships_ended"] = ended
    for membership in person.within(Membership.objects.filter(user=user)).exclude(end_reason=""):
        membership.end_reason = personal.scrub(membership.end_reason, person)
        membership.save(update_fields=["end_reason"])
    requests = person.within(MembershipRequest.objects.select_for_update().filter(user=user))
    done["requests_withdrawn"] = requests.filter(status=RequestStatus.PENDING).update(
        status=RequestStatus.WITHDRAWN, decided_at=timezone.now()
    )
    for request in requests.exclude(message="", decision_reason=""):
        request.message = ""
        request.decision_reason = personal.scrub(request.decision_reason, person)
        request.save(update_fields=["message", "decision_reason"])
    roles = person.within(
        NetworkCoordinator.objects.select_for_update().filter(user=user, removed_at=None)
    )
    done["network_roles_ended"] = roles.update(removed_at=timezone.now())
    return done


personal.register("collectives", export=export, erase=erase)
