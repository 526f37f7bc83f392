import re
import threading

import pytest
from django.core import mail, signing
from django.db import IntegrityError, connection
from django.test import override_settings
from django.utils import timezone

from maillage.audit.models import AuditEvent
from maillage.collectives import services
from maillage.collectives.models import (
    Invitation,
    Membership,
    MembershipRequest,
    RequestStatus,
    Role,
    Visibility,
)
from maillage.core.errors import DomainError
from maillage.governance.models import TextKind

from .factories import (
    CollectiveFactory,
    GovernanceTextFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_creating_a_collective_makes_its_creator_coordinator_and_is_logged():
    person = UserFactory()
    collective = services.create_collective(
        actor=person,
        name="Pôle territorial de coopération économique Sicoval",
        short_name="PTCE Sicoval",
        territory="Sicoval",
        region="31",
        visibility=Visibility.PUBLIC,
    )
    membership = Membership.objects.get(collective=collective)
    assert membership.user == person and membership.role == Role.COORDINATOR
    assert collective.slug == "ptce-sicoval"
    event = AuditEvent.objects.get(collective=collective, action="collective.created")
    assert event.actor == person and event.after["name"] == collective.name


def test_slugs_never_collide_with_fixed_addresses():
    person = UserFactory()
    collective = services.create_collective(
        actor=person, name="Nouveau", short_name="Nouveau", territory="Genève"
    )
    assert collective.slug != "nouveau"


def test_a_second_active_membership_is_refused_with_a_message():
    membership = MembershipFactory()
    with pytest.raises(DomainError, match="déjà membre"):
        services._add_member(membership.collective, membership.user, Role.MEMBER)
    assert Membership.objects.filter(user=membership.user).count() == 1


def test_the_database_itself_refuses_a_second_active_membership():
    membership = MembershipFactory()
    with pytest.raises(IntegrityError):
        Membership.objects.create(user=membership.user, collective=membership.collective)


def test_a_person_who_left_can_come_back_and_history_is_kept():
    coordinator = MembershipFactory(coordinator=True)
    membership = MembershipFactory(collective=coordinator.collective)
    services.end_membership(actor=coordinator.user, membership=membership, reason="Déménagement")
    services._add_member(membership.collective, membership.user, Role.OBSERVER)
    rows = Membership.objects.filter(user=membership.user).order_by("pk")
    assert [(m.role, m.end_date is None) for m in rows] == [
        (Role.MEMBER, False),
        (Role.OBSERVER, True),
    ]
    assert rows[0].end_reason == "Déménagement"


def test_the_last_coordinator_can_neither_leave_nor_be_demoted():
    coordinator = MembershipFactory(coordinator=True)
    with pytest.raises(DomainError, match="au moins une personne coordinatrice"):
        services.end_membership(actor=coordinator.user, membership=coordinator)
    with pytest.raises(DomainError, match="au moins une personne coordinatrice"):
        services.change_role(actor=coordinator.user, membership=coordinator, role=Role.MEMBER)
    coordinator.refresh_from_db()
    assert coordinator.is_active and coordinator.role == Role.COORDINATOR


def test_role_change_is_audited_with_before_and_after():
    coordinator = MembershipFactory(coordinator=True)
    member = MembershipFactory(collective=coordinator.collective)
    services.change_role(actor=coordinator.user, membership=member, role=Role.FACILITATOR)
    event = AuditEvent.objects.get(action="membership.role_changed")
    assert event.changes() == [("role", "member", "facilitator")]


# Invitations ----------------------------------------------------------------------


def _invite(coordinator, email="nouvelle@example.org", **kwargs):
    return services.invite(
        actor=coordinator.user, collective=coordinator.collective, email=email, **kwargs
    )


def test_nothing_is_sent_before_the_invitation_is_committed():
    coordinator = MembershipFactory(coordinator=True)
    invitation = _invite(coordinator, email="Nouvelle@Example.org")
    assert invitation.email == "nouvelle@example.org"
    # The e-mail is queued when the transaction commits, which this test never does.
    assert mail.outbox == []


def test_invitation_email_goes_out_in_the_recipients_language(django_capture_on_commit_callbacks):
    coordinator = MembershipFactory(coordinator=True)
    UserFactory(email="anna@example.org", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        invitation = _invite(coordinator, email="anna@example.org")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["anna@example.org"]
    assert "invites you to join" in message.body
    # The link's token is signed with the time it was made: read it back from the e-mail.
    links = re.findall(r"/invitation/([\w:.-]+)/", message.body)
    assert links and services.invitation_from_token(links[0]) == invitation
    assert message.alternatives[0][1] == "text/html"


def test_invitation_email_is_french_by_default(django_capture_on_commit_callbacks):
    coordinator = MembershipFactory(coordinator=True)
    with django_capture_on_commit_callbacks(execute=True):
        _invite(coordinator, email="inconnue@example.org")
    assert "vous invite" in mail.outbox[0].body


def test_accepting_an_invitation_creates_the_membership_once():
    coordinator = MembershipFactory(coordinator=True)
    organisation = OrganisationFactory()
    invitation = _invite(coordinator, role=Role.FACILITATOR, organisation=organisation)
    person = UserFactory(email="nouvelle@example.org")
    token = services.invitation_token(invitation)
    membership = services.accept_invitation(user=person, token=token)
    assert membership.role == Role.FACILITATOR and membership.organisation == organisation
    assert coordinator.collective.organisations.filter(pk=organisation.pk).exists()
    with pytest.raises(DomainError, match="déjà été utilisée") as exc:
        services.accept_invitation(user=person, token=token)
    assert exc.value.code == "used"
    assert Membership.objects.filter(user=person).count() == 1


def test_an_expired_invitation_is_refused(settings):
    coordinator = MembershipFactory(coordinator=True)
    invitation = _invite(coordinator)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timezone.timedelta(seconds=1)
    )
    person = UserFactory(email="nouvelle@example.org")
    with pytest.raises(DomainError, match="a expiré") as exc:
        services.accept_invitation(user=person, token=services.invitation_token(invitation))
    assert exc.value.code == "expired"
    assert not Membership.objects.filter(user=person).exists()


def test_a_token_older_than_the_maximum_age_is_refused(settings):
    coordinator = MembershipFactory(coordinator=True)
    invitation = _invite(coordinator)
    token = services.invitation_token(invitation)
    settings.INVITATION_MAX_AGE = timezone.timedelta(seconds=-1)
    with pytest.raises(DomainError) as exc:
        services.invitation_from_token(token)
    assert exc.value.code == "expired"


def test_a_tampered_token_is_refused():
    coordinator = MembershipFactory(coordinator=True)
    invitation = _invite(coordinator)
    forged = signing.dumps(invitation.pk, salt="another-salt")
    with pytest.raises(DomainError) as exc:
        services.invitation_from_token(forged)
    assert exc.value.code == "invalid"
    with pytest.raises(DomainError):
        services.invitation_from_token("not-a-token")


def test_knowing_the_site_key_and_the_number_does_not_make_a_link(settings):
    """Whoever knows SECRET_KEY (a default one, a leaked one) and counts invitation
    numbers cannot make a valid link: the link carries the invitation's own secret."""
    coordinator = MembershipFactory(coordinator=True)
    invitation = _invite(coordinator)
    other = _invite(coordinator, email="autre@example.org")
    assert invitation.secret != other.secret and len(invitation.secret) >= 40
    salt = services.INVITATION_SALT
    for forged in (
        signing.dumps(invitation.pk, salt=salt),  # links as they were made before
        signing.dumps([invitation.pk, ""], salt=salt),
        signing.dumps([invitation.pk, other.secret], salt=salt),
        signing.dumps([invitation.pk, invitation.secret[:-1] + "x"], salt=salt),
        signing.dumps(["1", invitation.secret], salt=salt),
        signing.dumps({"pk": invitation.pk}, salt=salt),
    ):
        with pytest.raises(DomainError) as exc:
            services.invitation_from_token(forged)
        assert exc.value.code == "invalid"
    person = UserFactory(email="nouvelle@example.org")
    with pytest.raises(DomainError):
        services.accept_invitation(user=person, token=signing.dumps(invitation.pk, salt=salt))
    assert not Membership.objects.filter(user=person).exists()
    assert services.invitation_from_token(services.invitation_token(invitation)) == invitation


def test_an_invitation_is_for_the_invited_address_only():
    coordinator = MembershipFactory(coordinator=True)
    invitation = _invite(coordinator)
    intruder = UserFactory(email="autre@example.org")
    with pytest.raises(DomainError, match="nouvelle@example.org") as exc:
        services.accept_invitation(user=intruder, token=services.invitation_token(invitation))
    assert exc.value.code == "other_account"
    invitation.refresh_from_db()
    assert invitation.is_open


def test_a_withdrawn_invitation_cannot_be_used():
    coordinator = MembershipFactory(coordinator=True)
    invitation = _invite(coordinator)
    services.revoke_invitation(actor=coordinator.user, invitation=invitation)
    with pytest.raises(DomainError) as exc:
        services.invitation_from_token(services.invitation_token(invitation))
    assert exc.value.code == "revoked"


def test_inviting_twice_or_inviting_a_member_is_refused():
    coordinator = MembershipFactory(coordinator=True)
    _invite(coordinator)
    with pytest.raises(DomainError, match="déjà en attente") as exc:
        _invite(coordinator, email="NOUVELLE@example.org")
    assert exc.value.field == "email"
    with pytest.raises(DomainError, match="déjà membre"):
        _invite(coordinator, email=coordinator.user.email)
    assert Invitation.objects.count() == 1


def test_an_expired_invitation_can_be_replaced():
    coordinator = MembershipFactory(coordinator=True)
    old = _invite(coordinator)
    Invitation.objects.filter(pk=old.pk).update(expires_at=timezone.now())
    new = _invite(coordinator)
    old.refresh_from_db()
    assert old.revoked_at is not None and new.is_open


# Requests to join -------------------------------------------------------------------


def test_requests_to_join_need_a_public_collective():
    person = UserFactory()
    with pytest.raises(DomainError, match="n'accepte pas de demandes"):
        services.request_to_join(user=person, collective=CollectiveFactory())


def test_a_request_is_sent_to_coordinators_and_accepted(django_capture_on_commit_callbacks):
    coordinator = MembershipFactory(coordinator=True, collective__public=True)
    person = UserFactory(language="en")
    with django_capture_on_commit_callbacks(execute=True):
        request = services.request_to_join(
            user=person, collective=coordinator.collective, message="Je souhaite contribuer."
        )
    assert [m.to for m in mail.outbox] == [[coordinator.user.email]]
    assert "demande à rejoindre" in mail.outbox[0].subject
    with pytest.raises(DomainError, match="déjà demandé"):
        services.request_to_join(user=person, collective=coordinator.collective)
    with django_capture_on_commit_callbacks(execute=True):
        membership = services.accept_request(actor=coordinator.user, request=request)
    assert membership.role == Role.MEMBER
    event = AuditEvent.objects.get(action="membership_request.accepted")
    assert event.actor == coordinator.user and event.after["role"] == "member"
    assert mail.outbox[-1].to == [person.email]
    assert "is accepted" in mail.outbox[-1].body
    with pytest.raises(DomainError, match="déjà été traitée"):
        services.refuse_request(actor=coordinator.user, request=request, reason="Trop tard")


def test_a_refusal_needs_a_reason_and_keeps_the_request():
    coordinator = MembershipFactory(coordinator=True, collective__public=True)
    request = services.request_to_join(user=UserFactory(), collective=coordinator.collective)
    with pytest.raises(DomainError, match="Indiquez pourquoi"):
        services.refuse_request(actor=coordinator.user, request=request, reason="   ")
    request.refresh_from_db()
    assert request.status == RequestStatus.PENDING
    services.refuse_request(actor=coordinator.user, request=request, reason="Hors territoire")
    request.refresh_from_db()
    assert request.status == RequestStatus.REFUSED
    assert request.decision_reason == "Hors territoire"
    assert not Membership.objects.filter(user=request.user).exists()


def test_a_charter_must_be_agreed_to_when_the_collective_requires_it():
    coordinator = MembershipFactory(
        coordinator=True, collective__public=True, collective__requires_charter_agreement=True
    )
    charter = GovernanceTextFactory(
        collective=coordinator.collective, kind=TextKind.CHARTER, title="Charte du PTCE"
    )
    person = UserFactory()
    with pytest.raises(DomainError, match="accepter sa charte") as exc:
        services.request_to_join(user=person, collective=coordinator.collective)
    assert exc.value.field == "agrees_to_charter"
    assert not MembershipRequest.objects.exists()
    request = services.request_to_join(
        user=person, collective=coordinator.collective, agrees_to_charter=True
    )
    assert request.charter_version == charter.current_version()


@pytest.mark.django_db(transaction=True)
def test_concurrent_acceptance_of_one_invitation_makes_one_membership():
    """Two clicks on the same link at once: one membership, the other gets a message."""
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(
        "file:memorydb"
    ):
        pytest.fail("this test needs a file database shared by threads")
    coordinator = MembershipFactory(coordinator=True)
    invitation = _invite(coordinator)
    person = UserFactory(email="nouvelle@example.org")
    token = services.invitation_token(invitation)
    barrier = threading.Barrier(2)
    outcomes = []

    def accept():
        try:
            barrier.wait()
            services.accept_invitation(user=person, token=token)
            outcomes.append("ok")
        except DomainError as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "used"]
    assert Membership.objects.filter(user=person, end_date=None).count() == 1


@override_settings(INVITATION_MAX_AGE=timezone.timedelta(days=2))
def test_invitation_expiry_follows_the_setting():
    coordinator = MembershipFactory(coordinator=True)
    invitation = _invite(coordinator)
    delta = invitation.expires_at - invitation.created_at
    assert timezone.timedelta(days=1, hours=23) < delta <= timezone.timedelta(days=2)
