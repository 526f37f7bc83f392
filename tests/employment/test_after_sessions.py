"""Follow-up sessions ("post-CCE") and obstacles: a session is a meeting of the
collective with the café's consenting seekers (with an address) as guests; an obstacle
names nobody and becomes an action of the collective, tied to its session's meeting."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from maillage.actions.models import Action
from maillage.audit.models import AuditEvent
from maillage.core.errors import DomainError
from maillage.employment import services_after as services
from maillage.employment.models import CafeSession, Obstacle, Seeker

from .setting_after import past_cafe

pytestmark = pytest.mark.django_db


def plan(made, actor, **more):
    start = (timezone.now() + timedelta(days=20)).replace(microsecond=0)
    values = {
        "actor": actor,
        "cafe": made.cafe,
        "title": "Rencontre post-CCE",
        "starts_at": start,
        "ends_at": start + timedelta(hours=2),
        "place": "Espace 93",
    }
    return services.plan_session(**(values | more))


def test_a_session_invites_the_consenting_seekers_with_an_address(world):
    made = past_cafe(world, recruiters=2, seekers=3)
    Seeker.objects.create(cafe=made.cafe, name="Sans accord", email="sans@example.org")
    Seeker.objects.create(
        cafe=made.cafe, name="Sans adresse", consent_text="oui", consented_at=timezone.now()
    )

    session = plan(made, world.facilitator)

    meeting = session.meeting
    assert meeting.collective == world.collective
    guests = sorted(meeting.invitees.filter(user__isnull=True).values_list("email", flat=True))
    assert guests == sorted(seeker.email for seeker in made.seekers)
    assert not meeting.invitees.filter(user__isnull=False).exists()  # members not asked
    assert CafeSession.objects.get(cafe=made.cafe) == session
    logged = AuditEvent.objects.get(action="employment.session_planned")
    assert logged.after == {"meeting": meeting.pk, "seekers": 3}
    log = str(list(AuditEvent.objects.values_list("before", "after")))
    assert all(seeker.name not in log for seeker in made.seekers)


def test_a_session_may_invite_the_members_too(world):
    made = past_cafe(world, recruiters=2, seekers=1)
    session = plan(made, world.coordinator, invite_members=True)
    members = set(
        session.meeting.invitees.filter(user__isnull=False).values_list("user", flat=True)
    )
    assert world.member.pk in members and world.coordinator.pk in members


def test_an_obstacle_becomes_an_action_of_the_collective(world):
    made = past_cafe(world, recruiters=2, seekers=2)
    session = plan(made, world.facilitator)
    obstacle = services.note_obstacle(
        actor=world.facilitator,
        cafe=made.cafe,
        theme="childcare",
        text="Pas de garde d'enfants avant 9 h pour les postes du matin.",
        session=session,
    )

    action = services.make_action(
        actor=world.coordinator,
        obstacle=obstacle,
        title="Crèche à horaires décalés : contacter la mairie",
        owners=[world.member],
    )

    assert action.collective == world.collective
    assert action.meeting == session.meeting
    assert action.description.startswith("Pas de garde")
    assert [owner.user for owner in action.owner_list] == [world.member]
    obstacle.refresh_from_db()
    assert obstacle.action == action
    with translation.override("en"), pytest.raises(DomainError, match="already an action"):
        services.make_action(actor=world.coordinator, obstacle=obstacle, title="Encore")
    assert Action.objects.filter(collective=world.collective).count() == 1


def test_an_obstacle_needs_a_theme_and_a_text(world):
    made = past_cafe(world, recruiters=1, seekers=1)
    with pytest.raises(DomainError) as refused:
        services.note_obstacle(actor=world.facilitator, cafe=made.cafe, theme="transport", text=" ")
    assert refused.value.field == "text"
    with pytest.raises(DomainError):
        services.note_obstacle(actor=world.facilitator, cafe=made.cafe, theme="x", text="Bus")
    assert not Obstacle.objects.exists()


def test_the_pages_plan_a_session_and_make_an_action(client, world):
    made = past_cafe(world, recruiters=2, seekers=2)
    slug, pk = world.collective.slug, made.cafe.event_id
    client.force_login(world.coordinator)
    day = (timezone.localdate() + timedelta(days=30)).isoformat()
    response = client.post(
        reverse("employment:plan_session", args=[slug, pk]),
        {"title": "Après le café", "date": day, "start_time": "18:00", "end_time": "20:00"},
    )
    assert response.status_code == 302
    session = CafeSession.objects.get()
    assert session.meeting.invitees.count() == 2
    response = client.post(
        reverse("employment:note_obstacle", args=[slug, pk]),
        {"theme": "transport", "text": "Pas de bus le dimanche.", "session": session.pk},
    )
    assert response.status_code == 302
    obstacle = Obstacle.objects.get()
    response = client.post(
        reverse("employment:obstacle_action", args=[slug, pk, obstacle.pk]),
        {"title": "Relayer au Département", "owners": [world.member.pk]},
    )
    obstacle.refresh_from_db()
    assert (
        response.status_code == 302 and response["Location"] == obstacle.action.get_absolute_url()
    )
    page = client.get(reverse("employment:follow_up", args=[slug, pk])).content.decode()
    assert "Pas de bus le dimanche." in page and "Relayer au Département" in page
    assert made.seekers[0].name not in page  # the coordinator sees no seeker's name
