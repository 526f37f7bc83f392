"""The café's follow-up page: the organiser sees each person's outcomes per checkpoint
and their follow-up e-mails; the coordinator sees the sessions and obstacles but no
name; the outcome form opens on the checkpoint chosen, with what is recorded."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from maillage.employment import services_after as services
from maillage.employment.models import FollowUpRequest, Obstacle, RecordedBy

from .setting_after import past_cafe

pytestmark = pytest.mark.django_db


@pytest.fixture
def made(english):
    made = past_cafe(english, recruiters=2, seekers=3)
    services.create_follow_up_requests(datetime(2026, 1, 20, tzinfo=UTC))
    services.record_outcome(
        seeker=made.seekers[0],
        checkpoint=3,
        kind="hired",
        contract="cdd",
        hours=24,
        recorded_by=RecordedBy.SEEKER,
    )
    FollowUpRequest.objects.filter(seeker=made.seekers[1], months=1).update(
        sent_at=datetime(2026, 2, 15, 8, tzinfo=UTC)
    )
    Obstacle.objects.create(cafe=made.cafe, theme="language", text="Cours de français le soir")
    return made


def page(client, made, who):
    client.force_login(who)
    url = reverse("employment:follow_up", args=[made.world.collective.slug, made.cafe.event_id])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_organiser_sees_each_persons_outcomes_and_e_mails(client, made):
    content = page(client, made, made.world.facilitator)
    for seeker in made.seekers:
        assert seeker.name in content
    assert "Hired (Fixed-term contract (CDD), 24 h a week)" in content
    assert "The job seeker" in content
    assert "3 months: answered" in content
    assert "1 month: sent 02/15/2026" in content
    assert "6 months: due 07/15/2026" in content


def test_the_coordinator_sees_sessions_and_obstacles_but_no_name(client, made):
    content = page(client, made, made.world.coordinator)
    assert "Cours de français le soir" in content
    assert all(seeker.name not in content for seeker in made.seekers)
    assert "Hired" not in content


def test_the_outcome_form_opens_on_the_checkpoint_with_what_is_recorded(client, made):
    client.force_login(made.world.facilitator)
    seeker = made.seekers[0]
    url = reverse(
        "employment:record_outcome",
        args=[made.world.collective.slug, made.cafe.event_id, seeker.pk],
    )
    content = client.get(url, {"checkpoint": 3}).content.decode()
    assert 'value="hired" required id="id_kind_1" checked' in content
    assert '<option value="cdd" selected>' in content
    assert 'name="version" value="1"' in content
    empty = client.get(url, {"checkpoint": 6}).content.decode()
    assert 'name="version"' in empty and '<option value="cdd" selected>' not in empty
