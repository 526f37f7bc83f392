"""Personal tokens: made and revoked by their owner, shown once, stored hashed, scoped
to collectives and to reading or changing, with their last use."""

import hashlib
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.api import services
from maillage.api.models import ApiToken
from maillage.collectives.models import Visibility
from maillage.core.errors import DomainError

from .setting import give_tokens, headers


def bearer(text):
    return {"Authorization": f"Bearer {text}"}


def test_a_token_is_stored_as_its_digest_only(world):
    token, text = services.create_token(world.member, name="Site", collectives=[world.collective])
    assert text.startswith("mlg_") and len(text) > 40
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.digest == hashlib.sha256(text.encode()).hexdigest()
    assert text not in {stored.name, stored.prefix, stored.digest}
    assert text.startswith("mlg_" + stored.prefix)
    assert not stored.can_write


def test_the_token_page_shows_the_text_once(client, world):
    client.force_login(world.member)
    response = client.post(
        reverse("api_tokens:list"),
        {"name": "Agenda du site", "collectives": [world.collective.pk], "days": "90"},
    )
    assert response.status_code == 200
    token = ApiToken.objects.get(user=world.member)
    text = response.context["text"]
    assert text in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert token.expires_at.date() == (timezone.now() + timedelta(days=90)).date()
    listing = client.get(reverse("api_tokens:list")).content.decode()
    assert "Agenda du site" in listing and text not in listing and str(token) in listing


def test_a_token_reaches_only_collectives_of_its_owner(world):
    with pytest.raises(DomainError) as refused:
        services.create_token(world.member, name="x", collectives=[world.other])
    assert refused.value.field == "collectives"
    with pytest.raises(DomainError):
        services.create_token(world.member, name="x", collectives=[])
    with pytest.raises(DomainError):
        services.create_token(world.member, name="  ", collectives=[world.collective])
    assert not ApiToken.objects.exists()


def test_refusals_read_in_the_persons_language(client, world):
    client.force_login(world.member)
    response = client.post(reverse("api_tokens:list"), {"name": "", "collectives": []})
    assert response.status_code == 200
    assert "Ce champ est obligatoire" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_the_api_answers_with_the_owners_rights_inside_the_tokens_collectives(client, world):
    world = give_tokens(world)
    url = reverse("api:member-list", args=[world.collective.slug])
    response = client.get(url, headers=headers(world, "member"))
    assert response.status_code == 200
    assert response.json()["count"] == 4
    # Members see names, not addresses; coordinators see both, as on the members' page.
    assert {m["email"] for m in response.json()["results"]} == {None}
    emails = {
        m["email"] for m in client.get(url, headers=headers(world, "coordinator")).json()["results"]
    }
    assert world.member.email in emails


def test_outside_its_collectives_a_token_is_an_anonymous_visitor(client, world):
    # The member also belongs to the other collective, but the token names only one.
    from tests.factories import MembershipFactory

    MembershipFactory(collective=world.other, user=world.member)
    token, text = services.create_token(world.member, name="x", collectives=[world.collective])
    other = reverse("api:collective-detail", args=[world.other.slug])
    assert client.get(other, headers=bearer(text)).status_code == 404
    listed = client.get(reverse("api:collective-list"), headers=bearer(text)).json()
    assert [c["slug"] for c in listed["results"]] == [world.collective.slug]
    world.other.visibility = Visibility.PUBLIC
    world.other.save()
    assert client.get(other, headers=bearer(text)).status_code == 200
    members = reverse("api:member-list", args=[world.other.slug])
    assert client.get(members, headers=bearer(text)).status_code == 403


def test_revoked_or_expired_tokens_are_refused(client, world):
    token, text = services.create_token(world.member, name="x", collectives=[world.collective])
    me = reverse("api:me")
    assert client.get(me, headers=bearer(text)).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get(me, headers=bearer(text))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "expir" in response.json()["detail"]
    ApiToken.objects.filter(pk=token.pk).update(expires_at=None)
    services.revoke_token(world.member, token)
    assert client.get(me, headers=bearer(text)).status_code == 401
    assert client.get(me, headers=bearer(text + "x")).status_code == 401
    assert client.get(me, headers=bearer("nothing")).status_code == 401


def test_someone_else_cannot_revoke_a_token(client, world):
    token, _ = services.create_token(world.member, name="x", collectives=[world.collective])
    with pytest.raises(DomainError):
        services.revoke_token(world.coordinator, token)
    client.force_login(world.coordinator)
    assert client.post(reverse("api_tokens:revoke", args=[token.pk])).status_code == 404
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None
    client.force_login(world.member)
    assert client.post(reverse("api_tokens:revoke", args=[token.pk])).status_code == 302
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None


def test_the_last_use_is_written_at_most_once_a_minute(client, world, django_assert_num_queries):
    token, text = services.create_token(world.member, name="x", collectives=[world.collective])
    me = reverse("api:me")
    client.get(me, headers=bearer(text))
    first = ApiToken.objects.get(pk=token.pk).last_used_at
    assert first is not None
    client.get(me, headers=bearer(text))
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=2))
    client.get(me, headers=bearer(text))
    assert ApiToken.objects.get(pk=token.pk).last_used_at > first


def test_messages_follow_the_owner_or_the_request(client, world):
    token, text = services.create_token(world.member, name="x", collectives=[world.collective])
    url = reverse("api:member-list", args=[world.other.slug])
    french = client.get(url, headers=bearer(text)).json()["detail"]
    world.member.language = "en"
    world.member.save()
    english = client.get(url, headers=bearer(text)).json()["detail"]
    asked = client.get(url, headers={**bearer(text), "Accept-Language": "fr"}).json()["detail"]
    assert english != french and asked == french
    assert "Not found" in english


def test_a_read_only_token_changes_nothing(client, world):
    token, text = services.create_token(world.member, name="x", collectives=[world.collective])
    response = client.post(
        reverse("api:collective-list"),
        data="{}",
        content_type="application/json",
        headers=bearer(text),
    )
    assert response.status_code in {403, 405}


def test_an_unknown_address_under_the_api_answers_json(client, db):
    response = client.get("/api/v1/collectives/x/organisations/n/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"]


def test_a_change_sent_to_an_unknown_address_answers_json(client, db):
    response = client.post(
        "/api/v1/collectives/x/projects/%3DO/", data="{}", content_type="application/json"
    )
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_an_id_too_large_for_the_database_is_refused_in_words(client, world):
    give_tokens(world)
    url = reverse("api:action-list", args=[world.collective.slug])
    response = client.get(
        url, {"decision": "99999999999999999999"}, headers=headers(world, "member")
    )
    assert response.status_code == 400
    assert "decision" in response.json()
    response = client.get(url + "99999999999999999999/", headers=headers(world, "member"))
    assert response.status_code == 404
