"""Deleting one's account: every app erases what it holds, memberships end, the person's
contributions stay signed "deleted person", the log no longer holds their name, and they
can no longer log in. A wrong password changes nothing."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.cached_db import KEY_PREFIX
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from maillage.accounts.models import User
from maillage.actions import services as action_services
from maillage.api import services as api_services
from maillage.api.models import ApiToken
from maillage.audit.models import AuditEvent
from maillage.collectives.models import (
    Invitation,
    Membership,
    MembershipRequest,
    NetworkCoordinator,
    RequestStatus,
)
from maillage.core.errors import DomainError
from maillage.privacy import services
from maillage.privacy.models import PrivacyRequest, RequestKind

from ..factories import (
    PASSWORD,
    CollectiveFactory,
    InvitationFactory,
    NetworkFactory,
)

ERASED = "personne supprimée"


@pytest.fixture
def member_with_traces(world):
    """The member owns an action, coordinates a network, has a token, asked to join a
    public collective, and was invited elsewhere."""
    member = world.member
    name = member.display_name
    action = action_services.create_action(
        actor=world.coordinator,
        collective=world.collective,
        title="Écrire la charte",
        owners=[member],
    )
    network = NetworkFactory()
    world.collective.networks.add(network)
    NetworkCoordinator.objects.create(network=network, user=member, collective=world.collective)
    api_services.create_token(member, name="site", collectives=[world.collective])
    public = CollectiveFactory(visibility="public")
    MembershipRequest.objects.create(
        collective=public, user=member, message=f"Bonjour, je suis {name} de Genève."
    )
    InvitationFactory(collective=world.other, invited_by=world.outsider, email=member.email)
    return member, name, member.email, action


def test_deletion_erases_the_account_and_ends_everything(client, world, member_with_traces):
    member, name, email, action = member_with_traces
    elsewhere = Client()
    elsewhere.force_login(member)  # logged in on another device too
    other_session = elsewhere.session.session_key
    AccessAttempt.objects.create(
        username=email,
        ip_address="192.0.2.1",
        failures_since_start=1,
        user_agent="t",
        path_info="/",
        http_accept="*/*",
        get_data="",
        post_data="",
    )
    client.force_login(member)
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert reverse("privacy:delete_account") in profile and reverse("privacy:my_data") in profile
    response = client.post(reverse("privacy:delete_account"), {"password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("core:home")
    assert SESSION_KEY not in client.session
    assert not Session.objects.filter(session_key=other_session).exists()
    # Nor a copy of it in the cache every node reads (cached_db sessions with Redis).
    assert caches[settings.SESSION_CACHE_ALIAS].get(KEY_PREFIX + other_session) is None
    assert elsewhere.get(reverse("privacy:my_data")).status_code == 302

    member.refresh_from_db()
    assert member.display_name == ERASED
    assert member.email.endswith("@invalid") and email not in member.email
    assert not member.is_active and not member.has_usable_password()
    assert member.erased_at is not None
    # Memberships ended, rows kept; network role ended; requests withdrawn and blank.
    assert Membership.objects.filter(user=member).count() == 1
    assert not Membership.objects.active().filter(user=member).exists()
    assert not NetworkCoordinator.objects.active().filter(user=member).exists()
    (request,) = MembershipRequest.objects.filter(user=member)
    assert request.status == RequestStatus.WITHDRAWN and request.message == ""
    assert not ApiToken.objects.filter(user=member).exists()
    assert not Invitation.objects.filter(email__iexact=email).exists()
    assert not AccessAttempt.objects.filter(username__iexact=email).exists()
    # The record of the request, and the log's entry, hold no name.
    (answered,) = PrivacyRequest.objects.all()
    assert answered.kind == RequestKind.ACCOUNT_DELETED and answered.rows > 0
    # They can no longer log in.
    response = client.post(reverse("accounts:login"), {"username": email, "password": PASSWORD})
    assert SESSION_KEY not in client.session


def test_the_persons_name_is_gone_from_pages_and_the_log(client, world, member_with_traces):
    member, name, email, action = member_with_traces
    logged = [f"{e.object_repr} {e.before} {e.after}" for e in AuditEvent.objects.all()]
    assert any(name in text for text in logged)  # the action's owner, by name
    services.delete_account(user=member, password=PASSWORD)

    client.force_login(world.coordinator)
    page = client.get(reverse("actions:detail", args=[world.collective.slug, action.pk]))
    content = page.content.decode()
    assert ERASED in content
    assert name not in content and email not in content
    log = client.get(reverse("audit:log", args=[world.collective.slug])).content.decode()
    assert name not in log and email not in log
    for event in AuditEvent.objects.all():
        text = f"{event.object_repr} {event.before} {event.after}"
        assert name not in text and email not in text, event.action
    members = client.get(reverse("collectives:members", args=[world.collective.slug]))
    assert name not in members.content.decode() and email not in members.content.decode()


def test_a_wrong_password_is_refused_and_nothing_changes(client, world, member_with_traces):
    member, name, email, _action = member_with_traces
    client.force_login(member)
    response = client.post(reverse("privacy:delete_account"), {"password": "pas le bon"})
    assert response.status_code == 200
    assert escape("Le mot de passe n'est pas correct.") in response.content.decode()
    member.language = "en"
    member.save(update_fields=["language"])
    response = client.post(reverse("privacy:delete_account"), {"password": "wrong"})
    assert escape("The password is not correct.") in response.content.decode()
    member.refresh_from_db()
    assert member.display_name == name and member.email == email and member.is_active
    assert Membership.objects.active().filter(user=member).exists()
    assert ApiToken.objects.filter(user=member).exists()
    assert not PrivacyRequest.objects.exists()
    assert client.session[SESSION_KEY] == str(member.pk)


def test_the_only_coordinator_names_another_first(client, world):
    page = client.get(reverse("privacy:delete_account"))  # anonymous: to the login page
    assert page.status_code == 302
    client.force_login(world.coordinator)
    page = client.get(reverse("privacy:delete_account")).content.decode()
    assert world.collective.name in page
    with pytest.raises(DomainError) as refused:
        services.delete_account(user=world.coordinator, password=PASSWORD)
    assert world.collective.name in refused.value.message
    world.coordinator.refresh_from_db()
    assert world.coordinator.is_active and world.coordinator.erased_at is None
    assert Membership.objects.active().filter(user=world.coordinator).exists()


def test_an_erased_account_cannot_be_erased_twice(world):
    services.delete_account(user=world.observer, password=PASSWORD)
    with pytest.raises(DomainError):
        services.delete_account(user=User.objects.get(pk=world.observer.pk), password=PASSWORD)
