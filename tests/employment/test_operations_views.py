"""Recruitment operations' pages: creating an operation, its targets with a proposed
curve, its channels, adding and following a candidate; refused forms keep what was
typed, a stale candidate's form is refused with its values kept."""

import pytest
from django.urls import reverse

from maillage.employment.models_operations import Candidate, Operation, Stage, State

from .setting_operations import build_operation

pytestmark = pytest.mark.django_db


def _url(name, made, *extra):
    return reverse(
        f"employment:{name}", args=[made.world.collective.slug, made.operation.pk, *extra]
    )


def test_a_coordinator_creates_an_operation_and_a_member_may_not(client, world, english):
    url = reverse("employment:operations", args=[world.collective.slug])
    data = {
        "title": "Opération test",
        "employer_name": "STEF",
        "contract": "cdi",
        "starts_on": "2026-12-01",
        "ends_on": "2027-11-30",
        "target_total": "300",
        "managers": [world.member.pk],
    }
    client.force_login(world.member)
    assert client.post(url, data).status_code == 403
    client.force_login(world.coordinator)
    refused = client.post(url, {**data, "ends_on": "2026-11-01"})
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "The operation cannot end before it starts." in html
    assert 'value="Opération test"' in html
    done = client.post(url, data)
    operation = Operation.objects.get(title="Opération test")
    assert done["Location"] == reverse(
        "employment:operation_targets", args=[world.collective.slug, operation.pk]
    )
    assert list(operation.managers.all()) == [world.member]


def test_the_targets_page_proposes_a_curve_then_saves_it(client, world, english):
    made = build_operation(world, candidates=False)
    client.force_login(world.coordinator)
    url = _url("operation_targets", made)
    proposed = client.get(
        url,
        {"first_wave": 70, "first_wave_by": "2027-01-31", "monthly_low": 20, "monthly_high": 40},
    )
    html = proposed.content.decode()
    assert "Proposed: 300 hires in all." in html
    assert 'name="month_2026_12" value="35"' in html
    assert 'name="month_2027_02" value="23"' in html
    data = {f"month_{m:%Y_%m}": 10 for m in made.operation.targets.values_list("month", flat=True)}
    data["month_2026_12"] = "-3"
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "Give a number of 0 or more." in refused.content.decode()
    data["month_2026_12"] = "50"
    assert client.post(url, data).status_code == 302
    assert made.operation.targets.get(month="2026-12-01").hires == 50


def test_channels_are_added_renamed_and_removed(client, world, english):
    made = build_operation(world, candidates=False)
    client.force_login(world.member)  # the operation's manager
    url = _url("channels", made)
    same = client.post(url, {"action": "add", "new-kind": "plie", "new-name": "CD 93 "})
    assert same.status_code == 302
    taken = client.post(url, {"action": "add", "new-kind": "plie", "new-name": "cd 93"})
    assert taken.status_code == 400
    assert "This operation already has a channel of that name." in taken.content.decode()
    channel = made.operation.channels.get(name="CD 93")
    prefix = f"channel-{channel.pk}"
    renamed = client.post(
        url,
        {
            "action": "rename",
            "channel": channel.pk,
            f"{prefix}-kind": "plie",
            f"{prefix}-name": "PLIE",
        },
    )
    assert renamed.status_code == 302
    channel.refresh_from_db()
    assert channel.name == "PLIE"
    assert client.post(url, {"action": "remove", "channel": channel.pk}).status_code == 302
    assert not made.operation.channels.filter(pk=channel.pk).exists()


def test_adding_a_candidate(client, world, english):
    made = build_operation(world, candidates=False)
    client.force_login(world.member)
    url = _url("candidate_add", made)
    refused = client.post(
        url, {"name": "Awa Diallo", "email": "pas une adresse", "sourced_on": "2026-12-01"}
    )
    assert refused.status_code == 400
    assert 'value="Awa Diallo"' in refused.content.decode()
    done = client.post(
        url,
        {"name": "Awa Diallo", "channel": made.channels["ml"].pk, "sourced_on": "2026-12-01"},
    )
    candidate = Candidate.objects.get(name="Awa Diallo")
    assert done["Location"] == _url("candidate", made, candidate.pk)
    assert candidate.channel == made.channels["ml"]


def test_declining_without_a_reason_is_refused_on_the_page(client, world, english):
    made = build_operation(world)
    client.force_login(world.member)
    candidate = made.candidates["D"]
    url = _url("candidate", made, candidate.pk)
    refused = client.post(
        url,
        {
            "action": "state",
            "state-state": "refused",
            "state-reason": "",
            "state-message": "Message pour la mission locale",
            "state-version": candidate.version,
        },
    )
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "Choose the reason for the refusal." in html
    assert "Message pour la mission locale" in html
    candidate.refresh_from_db()
    assert candidate.state == State.NEW


def test_a_stale_form_is_refused_with_what_was_typed(client, world, english):
    made = build_operation(world)
    client.force_login(world.member)
    candidate = made.candidates["D"]
    url = _url("candidate", made, candidate.pk)
    opened = candidate.version
    # Someone moves the candidate in the meantime.
    assert (
        client.post(
            url,
            {
                "action": "move",
                "move-stage": "information",
                "move-on": "2026-12-02",
                "move-version": opened,
            },
        ).status_code
        == 302
    )
    stale = client.post(
        url,
        {
            "action": "state",
            "state-state": "refused",
            "state-reason": "not_interested",
            "state-message": "Ne souhaite pas travailler de nuit",
            "state-version": opened,
        },
    )
    assert stale.status_code == 400
    html = stale.content.decode()
    assert "Someone changed this candidate while you were on the page." in html
    assert "Ne souhaite pas travailler de nuit" in html
    assert 'value="not_interested" selected' in html
    candidate.refresh_from_db()
    assert (candidate.stage, candidate.state) == (Stage.INFORMATION, State.NEW)
    # Sent again, against the version the page now carries, it goes through.
    assert f'name="state-version" value="{candidate.version}"' in html
    again = client.post(
        url,
        {
            "action": "state",
            "state-state": "refused",
            "state-reason": "not_interested",
            "state-message": "Ne souhaite pas travailler de nuit",
            "state-version": candidate.version,
        },
    )
    assert again.status_code == 302


def test_hiring_without_a_date_is_refused_on_the_page(client, world, english):
    made = build_operation(world)
    client.force_login(world.member)
    candidate = made.candidates["D"]
    response = client.post(
        _url("candidate", made, candidate.pk),
        {"action": "move", "move-stage": "hired", "move-on": "", "move-version": candidate.version},
    )
    assert response.status_code == 400
    assert "Give the date of hiring." in response.content.decode()


def test_erasing_from_the_page_and_the_channel_page(client, world, english):
    made = build_operation(world)
    client.force_login(world.member)
    candidate = made.candidates["C"]
    channel = client.get(_url("channel", made, made.channels["ml"].pk)).content.decode()
    assert "Candidat C" in channel and "Not mobile" in channel
    assert "Pas de solution pour venir à 5 h." in channel
    response = client.post(
        _url("candidate", made, candidate.pk),
        {"action": "erase", "erase-version": candidate.version},
    )
    assert response.status_code == 302
    page = client.get(_url("candidate", made, candidate.pk)).content.decode()
    assert "Candidat C" not in page and "Personal data erased" in page
    channel = client.get(_url("channel", made, made.channels["ml"].pk)).content.decode()
    assert "Candidat C" not in channel and "Not mobile" in channel


def test_the_candidates_list_filters(client, world, english):
    made = build_operation(world)
    client.force_login(world.member)
    url = _url("candidates", made)
    html = client.get(url, {"stage": "hired"}).content.decode()
    assert "Candidat A" in html and "Candidat E" in html and "Candidat B" not in html
    html = client.get(url, {"state": "refused", "channel": made.channels["ft"].pk}).content.decode()
    assert "Candidat F" in html and "Candidat C" not in html
