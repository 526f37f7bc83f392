"""The pooling pages on the built group: a run's page, keeping and excluding from it,
the jobs kept, a job's page with its schedule and shares, a member's shares (with the
figures computed by hand), and what a member may not see."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from maillage.employers import services_pooling as services
from maillage.employers.models import Exclusion, Job, Run, RunStatus, Week

from .setting import build_group
from .setting_pooling import done_run


@pytest.fixture(autouse=True)
def in_english(english):
    """Messages are checked word for word, in English."""
    with translation.override("en"):
        yield


@pytest.fixture
def made(world, django_capture_on_commit_callbacks):
    made = build_group(world)
    made.capture = django_capture_on_commit_callbacks
    return made


def _url(name, made, *args):
    return reverse(f"employers:{name}", args=[made.world.collective.slug, *args])


def test_starting_a_run_from_the_page(client, made):
    client.force_login(made.world.coordinator)
    with made.capture(execute=True):
        response = client.post(_url("runs", made), {"week": "term", "time_limit": "10"})
    run = Run.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("run", made, run.pk)
    page = client.get(response["Location"])
    content = page.content.decode()
    assert run.status == RunStatus.DONE and run.time_limit == 10
    assert "Jobs proposed" in content
    assert "CAP AEPE, 33 h a week" in content
    assert "Too few needs of a job family the same qualification covers" in content


def test_bad_input_keeps_what_was_typed(client, made):
    client.force_login(made.world.coordinator)
    response = client.post(_url("runs", made), {"week": "holidays", "time_limit": "99"})
    assert response.status_code == 400
    content = response.content.decode()
    assert "The time limit is between 5 and 60 seconds." in content
    assert 'value="99"' in content
    assert not Run.objects.exists()


def test_the_status_block_polls_until_the_run_is_done(client, made):
    client.force_login(made.world.coordinator)
    run = Run.objects.create(group=made.group, week=Week.TERM)
    response = client.get(_url("run", made, run.pk))
    content = response.content.decode()
    assert 'hx-trigger="every 2s"' in content
    assert _url("run_status", made, run.pk) in content
    assert "Refresh this page" in content  # without JavaScript
    Run.objects.filter(pk=run.pk).update(status=RunStatus.DONE, elapsed_s=0.1)
    polled = client.get(_url("run_status", made, run.pk), headers={"HX-Request": "true"})
    assert polled["HX-Refresh"] == "true"
    assert "hx-trigger" not in polled.content.decode()


def test_keeping_and_excluding_from_the_run_page(client, made):
    client.force_login(made.world.coordinator)
    run = done_run(made, capture=made.capture)
    proposed = run.jobs.get()
    response = client.post(
        _url("keep", made, run.pk, proposed.pk), {"title": "", "hourly_cost": "23.00"}
    )
    job = Job.objects.get()
    assert response["Location"] == _url("job", made, job.pk)
    assert job.hourly_cost == Decimal("23.00")
    again = client.post(_url("keep", made, run.pk, proposed.pk), {"title": "Autre"})
    assert again.status_code == 400
    assert "run again" in again.content.decode()
    n = made.needs
    response = client.post(
        _url("exclude", made, run.pk, proposed.pk),
        {"needs": [n["mornings"].pk, n["evenings"].pk], "reason": "Trop loin"},
    )
    assert response.status_code == 302
    exclusion = Exclusion.objects.get()
    assert set(exclusion.needs.all()) == {n["mornings"], n["evenings"]}
    twice = client.post(
        _url("exclude", made, run.pk, proposed.pk),
        {"needs": [n["evenings"].pk, n["mornings"].pk]},
    )
    assert twice.status_code == 400
    assert "This combination is excluded already." in twice.content.decode()
    assert Exclusion.objects.count() == 1
    # A need of another proposal (or run) is not offered.
    wrong = client.post(_url("exclude", made, run.pk, proposed.pk), {"needs": [n["cleaning"].pk]})
    assert wrong.status_code == 400


def _kept(made):
    run = done_run(made, capture=made.capture)
    return services.keep_job(actor=made.world.coordinator, proposed=run.jobs.get())


def test_the_job_page_shows_the_schedule_shares_and_training(client, made):
    job = _kept(made)
    services.change_job(
        actor=made.world.coordinator,
        job=job,
        version=job.version,
        title=job.title,
        hourly_cost=Decimal("20.00"),
        holder_qualification=made.qualifications["bafa"],
    )
    client.force_login(made.world.coordinator)
    content = client.get(_url("job", made, job.pk)).content.decode()
    assert "16:30" in content and "Crèche des Lilas (Les Lilas)" in content
    assert "Accueil du jeune enfant" in content  # BAFA does not cover early childhood
    # The crèche: 16 h all year → 16 × 36 + 16 × 11 = 752 h, × 20 € = 15 040 €.
    assert "15040.00" in content or "15040,00" in content
    # The leisure centre: 17 h in term-time only → 17 × 36 = 612 h, × 20 € = 12 240 €.
    assert "12240.00" in content or "12240,00" in content


def test_a_members_shares_by_hand(client, made):
    job = _kept(made)
    leisure = made.employers[2]
    client.force_login(made.world.coordinator)
    response = client.get(_url("employer_shares", made, leisure.pk))
    share = response.context["jobs"][0]["share"]
    # Evenings 4 × 2 h + Wednesdays 9 h = 17 h in term-time weeks, none in the holidays.
    assert (share.term_minutes, share.holiday_minutes) == (17 * 60, 0)
    assert share.annual_hours == 17 * 36
    assert share.annual_cost == Decimal("22.00") * 17 * 36  # 13 464 €
    total = response.context["total"]
    assert total.annual_cost == Decimal("13464.00")
    assert job.title in response.content.decode()


def test_the_member_sees_their_shares_and_never_another_members(client, made):
    _kept(made)
    client.force_login(made.world.member)
    own = client.get(_url("employer_shares", made, made.own.pk))
    assert own.status_code == 200
    content = own.content.decode()
    # Its two cleaning needs, left out for "skill" in the latest term run.
    assert "Too few needs of a job family the same qualification covers" in content
    for other in made.others:
        assert client.get(_url("employer_shares", made, other.pk)).status_code == 403
    assert client.get(_url("employer_shares", made, 999999)).status_code == 404
    assert client.get(_url("runs", made)).status_code == 403
