"""The two pages opened by a personal link, over the link personas: the seeker by
their own link, by another café's seeker's link, by a wrong link; the recruiter by
their own link, by another café's recruiter's link, by a wrong link. The key is the
credential: a page answers only for the key's own person, a wrong key is a 404."""

import pytest
from django.urls import reverse

from maillage.employment.models import Outcome

from .setting_after import past_cafe

pytestmark = pytest.mark.django_db

WRONG = "pas-une-cle-valable-0123456789abcdef"


@pytest.fixture
def cafes(world):
    ours = past_cafe(world, recruiters=2, seekers=2)
    theirs = past_cafe(world, recruiters=1, seekers=1)
    theirs.seekers[0].name = "Quelqu'un d'autre"
    theirs.seekers[0].save()
    return ours, theirs


def test_the_seeker_page_by_link(client, cafes):
    ours, theirs = cafes
    me, other = ours.seekers[0], theirs.seekers[0]
    own = client.get(reverse("employment:seeker_outcome", args=[me.key]))
    assert own.status_code == 200 and me.name in own.content.decode()
    # Another café's seeker's link opens their page, never ours.
    elsewhere = client.get(reverse("employment:seeker_outcome", args=[other.key])).content.decode()
    assert "Quelqu&#x27;un d&#x27;autre" in elsewhere and me.name not in elsewhere
    for key in (WRONG, ours.recruiters[0].key):
        url = reverse("employment:seeker_outcome", args=[key])
        assert client.get(url).status_code == 404
        assert client.post(url, {"kind": "interview"}).status_code == 404
    assert not Outcome.objects.exists()


def test_the_recruiter_page_by_link(client, cafes):
    ours, theirs = cafes
    seeker = ours.seekers[0]  # met recruiter 0 of our café
    own = reverse("employment:recruiter_outcome", args=[ours.recruiters[0].key, seeker.pk])
    assert client.get(own).status_code == 200
    for key in (theirs.recruiters[0].key, WRONG, seeker.key):
        url = reverse("employment:recruiter_outcome", args=[key, seeker.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"kind": "interview"}).status_code == 404
    assert not Outcome.objects.exists()


def test_a_recruiter_reaches_no_seeker_who_did_not_consent(client, cafes):
    ours, _theirs = cafes
    seeker = ours.seekers[0]
    seeker.consented_at = None
    seeker.save()
    url = reverse("employment:recruiter_outcome", args=[ours.recruiters[0].key, seeker.pk])
    assert client.get(url).status_code == 404
