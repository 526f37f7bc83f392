"""The organisers' pages of the day's rounds: the grid, the plan and re-plan form (a
wrong round is refused with a message, what was typed stays), who is left without a
meeting and why, the sheets in HTML and PDF."""

import pytest
from django.urls import reverse

from maillage.employment.models import Recruiter, Seeker, Slot, Wish

from .setting import build_cafe
from .setting_rotations import start_day

pytestmark = pytest.mark.django_db


def url(name, made):
    return reverse(f"employment:{name}", args=[made.cafe.collective.slug, made.cafe.event_id])


def test_the_organiser_plans_and_sees_the_grid(client, world):
    made = build_cafe(world, recruiters=2, seekers=3, rotations=2)
    client.force_login(world.facilitator)
    page = client.get(url("rotations", made))
    assert page.status_code == 200
    assert page.context["form"]["from_round"].value() == 1
    response = client.post(url("rotations", made), {"from_round": "1"})
    assert response.status_code == 302
    assert Slot.objects.filter(cafe=made.cafe).count() == 6  # each seeker meets both
    content = client.get(url("rotations", made)).content.decode()
    for seeker in made.seekers:
        assert seeker.name in content
    assert "Employeur 1" in content and "Employeur 2" in content


def test_a_round_out_of_range_is_refused_and_what_was_typed_stays(client, world):
    made = build_cafe(world, rotations=4)
    client.force_login(world.facilitator)
    response = client.post(url("rotations", made), {"from_round": "9"})
    assert response.status_code == 400
    assert response.context["form"].errors["from_round"]
    assert 'value="9"' in response.content.decode()
    assert not Slot.objects.exists()


def test_who_is_left_without_a_meeting_and_why(client, world):
    made = build_cafe(world, recruiters=1, seekers=4, rotations=1, seats=1)
    no_wish = made.seekers[0]
    Wish.objects.filter(seeker=no_wish).delete()
    Seeker.objects.filter(pk=no_wish.pk).update(name="Sans Souhait")
    client.force_login(world.facilitator)
    client.post(url("rotations", made), {"from_round": "1"})
    grid = client.get(url("rotations", made)).context["grid"]
    reasons = {seeker.pk: str(reason) for seeker, reason in grid.left_out}
    assert len(reasons) == 3  # one table, one seat, one round: one meeting
    seated = Slot.objects.get(cafe=made.cafe).seeker_id
    no_seat = next(s for s in made.seekers[1:] if s.pk != seated)
    assert reasons[no_wish.pk] != reasons[no_seat.pk]
    assert grid.meetings == 1 and grid.wishes == 3


def test_after_the_start_the_page_offers_the_next_round_and_counts_who_is_not_here(client, world):
    made = build_cafe(world, recruiters=1, seekers=2, rotations=4)
    start_day(made.cafe, minutes_ago=made.cafe.minutes_per_rotation + 2)  # round 2 under way
    client.force_login(world.facilitator)
    page = client.get(url("rotations", made))
    assert page.context["form"]["from_round"].value() == 3
    assert page.context["current"] == 2
    assert page.context["grid"].not_here == 2


def test_the_sheets_show_rounds_tables_and_first_names(client, world):
    made = build_cafe(world, recruiters=2, seekers=2, rotations=2)
    Seeker.objects.filter(pk=made.seekers[1].pk).update(consented_at=None)
    Recruiter.objects.filter(pk=made.recruiters[1].pk).update(tables=2)
    client.force_login(world.facilitator)
    client.post(url("rotations", made), {"from_round": "1"})
    tables = client.get(url("table_sheets", made))
    assert tables.status_code == 200
    sheets = tables.context["sheets"]
    assert len(sheets) == 3  # one per table
    names = {p["name"] for s in sheets for r in s["rounds"] for p in r["seekers"]}
    assert "Personne" in names and "Personne 1" not in names
    # The one who did not consent shows without a name nor wishes.
    assert any(p["wishes"] == "" for s in sheets for r in s["rounds"] for p in r["seekers"])
    seekers = client.get(url("seeker_sheets", made))
    assert seekers.status_code == 200
    assert [s["seeker"].pk for s in seekers.context["sheets"]] == [s.pk for s in made.seekers]
    pdf = client.get(url("sheets_pdf", made))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_the_coordinator_who_does_not_organise_sees_no_seeker(client, world):
    made = build_cafe(world)
    client.force_login(world.coordinator)
    for name in ("rotations", "table_sheets", "seeker_sheets", "sheets_pdf"):
        response = client.get(url(name, made))
        assert response.status_code == 403
        assert "Personne" not in response.content.decode()
