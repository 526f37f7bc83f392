"""The seeker's personal link over its personas: their own key opens their page and
nothing of anyone else; another café's seeker's key opens only that seeker's own page
(never this café's data); a wrong key, or the key of someone whose data was deleted,
is a 404 on every page of the link."""

import pytest
from django.urls import reverse

from maillage.employment import services_seekers as seeker_services
from maillage.employment.models import Cafe, Seeker

from ..events.setting import build_event
from .setting import build_cafe

pytestmark = pytest.mark.django_db

GETS = ["seeker_page", "seeker_profile", "seeker_data", "seeker_delete", "seeker_own_cv"]
POSTS = ["seeker_consent", "seeker_cv_upload", "seeker_cv_delete", "seeker_keep"]


@pytest.fixture
def two_cafes(world):
    here = build_cafe(world, seekers=1)
    other_event = build_event(world, kind="job_cafe", title="Café contact emploi de Montfermeil")
    other_cafe = Cafe.objects.create(event=other_event)
    other = Seeker.objects.create(cafe=other_cafe, name="Ailleurs", email="ailleurs@example.org")
    return here, other


def test_own_key(client, two_cafes):
    here, other = two_cafes
    mine = here.seekers[0]
    html = client.get(reverse("employment:seeker_page", args=[mine.key])).content.decode()
    assert mine.name in html and "Ailleurs" not in html
    data = client.get(reverse("employment:seeker_data", args=[mine.key])).json()
    assert data["profile"]["name"] == mine.name and "Ailleurs" not in str(data)


def test_another_cafes_seeker_key_shows_only_that_seeker(client, two_cafes):
    here, other = two_cafes
    html = client.get(reverse("employment:seeker_page", args=[other.key])).content.decode()
    assert "Ailleurs" in html
    assert here.seekers[0].name not in html and here.cafe.event.title not in html
    assert "Employeur 1" not in html  # not this café's recruiters either


@pytest.mark.parametrize("name", GETS + POSTS)
def test_a_wrong_key_is_a_404(client, two_cafes, name):
    send = client.get if name in GETS else client.post
    assert send(reverse(f"employment:{name}", args=["not-a-key"])).status_code == 404


@pytest.mark.parametrize("name", GETS + POSTS)
def test_a_deleted_seekers_key_is_a_404(client, two_cafes, name):
    mine = two_cafes[0].seekers[0]
    seeker_services.erase_seeker(seeker=mine)
    send = client.get if name in GETS else client.post
    assert send(reverse(f"employment:{name}", args=[mine.key])).status_code == 404
