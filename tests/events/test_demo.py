"""The demo's month of open social innovation, built by load_demo through the services."""

from io import StringIO

import pytest
from django.core.management import call_command

from maillage.demo.events import THEMES
from maillage.events import services
from maillage.events.models import Event, Programme, Registration

pytestmark = pytest.mark.django_db


def test_load_demo_builds_the_month_of_events_once():
    call_command("load_demo", stdout=StringIO())

    programme = Programme.objects.get(collective__slug="socialup")
    assert programme.published_at is not None
    assert programme.collective.visibility == "public"
    events = Event.objects.filter(programme=programme)
    assert set(events.values_list("theme", flat=True)) == set(THEMES)
    assert all(events.filter(theme=theme).count() >= 2 for theme in THEMES)
    assert {"workshop", "conference", "round_table", "job_cafe"} <= set(
        events.values_list("kind", flat=True)
    )
    assert set(events.values_list("status", flat=True)) == {"published"}
    assert (programme.ends_on - programme.starts_on).days >= 27

    round_table = events.get(title__icontains="revenu de transition écologique")
    assert round_table.kind == "round_table" and round_table.speakers.count() == 3
    assert round_table.partners.filter(name="Fondation Zoein").exists()

    job_cafe = events.get(kind="job_cafe")
    assert job_cafe.questions.filter(required=True).count() == 1
    assert job_cafe.registrations.exclude(answers={}).count() == 3

    full = [e for e in events if services.attendance(e)["waiting"]]
    assert len(full) == 1
    assert services.attendance(full[0])["confirmed"] == full[0].capacity

    past = events.get(report_published_at__isnull=False)
    counts = services.attendance(past)
    assert counts["present"] == 6 and counts["walk_ins"] == 1
    assert past.links.count() == 2
    assert all(r.email.endswith("@example.org") for r in Registration.objects.exclude(email=""))

    totals = (Programme.objects.count(), Event.objects.count(), Registration.objects.count())
    call_command("load_demo", stdout=StringIO())
    assert (
        Programme.objects.count(),
        Event.objects.count(),
        Registration.objects.count(),
    ) == totals
