"""The API of job cafés and recruitment operations, employer groups' needs, and the
foundation's campaigns and transparency figures: what is shown, what is not (no person
named), who sees what, and queries that do not grow with the rows."""

from datetime import timedelta

import pytest
from django.urls import reverse

from maillage.employers.models import Need
from maillage.fund import ledger
from maillage.fund.models import Campaign, CampaignStatus

from ..employers.setting import build_group
from ..employment.setting import build_cafe
from ..employment.setting_operations import build_operation
from ..fund.setting import build_foundation
from .setting import assert_constant_queries, give_tokens, headers


@pytest.fixture
def api(world):
    return give_tokens(world)


def url(world, name, *args):
    return reverse(f"api:{name}", args=[world.collective.slug, *args])


def get(client, world, persona, name, *args, status=200, **query):
    response = client.get(url(world, name, *args), query, headers=headers(world, persona))
    assert response.status_code == status, response.content[:300]
    return response.json()


# ------------------------------------------------------------------ job cafés


def test_a_job_cafe_shows_its_date_place_and_counts_and_names_nobody(client, api):
    made = build_cafe(api, public=False)
    made.seekers[0].erased_at = made.seekers[0].created_at
    made.seekers[0].save(update_fields=["erased_at"])

    found = get(client, api, "observer", "cafe-detail", made.cafe.pk)

    assert found["title"] == "Café contact emploi de Clichy-sous-Bois"
    assert found["place"] == "Espace 93"
    assert (found["recruiters"], found["offers"], found["posts"], found["seekers"]) == (3, 3, 6, 5)
    text = str(found)
    assert "Personne 1" not in text and "Contact 1" not in text and "example.org" not in text


def test_job_cafes_are_filtered_by_date_and_queries_stay_constant(client, api):
    made = build_cafe(api, public=False)
    day = made.cafe.event.starts_at.date()
    assert get(client, api, "member", "cafe-list", **{"from": day.isoformat()})["count"] == 1
    after = (day + timedelta(days=1)).isoformat()
    assert get(client, api, "member", "cafe-list", **{"from": after})["count"] == 0
    assert get(client, api, "member", "cafe-list", to=day.isoformat())["count"] == 1

    def more(n):
        for _ in range(n):
            build_cafe(api, public=False, recruiters=1, seekers=1)

    assert_constant_queries(client, url(api, "cafe-list"), headers(api, "member"), more)


# ------------------------------------------------------------------ recruitment operations


def test_an_operation_shows_its_figures_by_month_and_channel(client, api):
    made = build_operation(api)

    listed = get(client, api, "facilitator", "operation-list")["results"]
    assert [(row["title"], row["target_total"], row["hires"]) for row in listed] == [
        ("Opération STEF : 300 CDI en un an", 300, 3)
    ]
    found = get(client, api, "facilitator", "operation-detail", made.operation.pk)
    assert found["months"][-1]["target_cumulative"] == 300
    assert sum(month["hires"] or 0 for month in found["months"]) == 3
    channels = {row["name"]: row for row in found["channels"]}
    mission = channels["Mission locale de Clichy-sous-Bois/Montfermeil"]
    assert mission["reached"]["sourced"] == 4 and mission["reached"]["hired"] == 2
    assert found["total"]["reached"]["sourced"] == 8
    assert "@" not in str(found)  # no candidate, no channel contact


def test_operations_list_queries_stay_constant(client, api):
    from maillage.employment import services_operations as services

    def add_operations(n):
        for number in range(n):
            services.create_operation(
                actor=api.coordinator,
                collective=api.collective,
                title=f"Opération {number}",
                employer_name="STEF",
                contract="cdi",
                starts_on=api.collective.created_at.date(),
                ends_on=api.collective.created_at.date() + timedelta(days=300),
                target_total=10,
                managers=[],
            )

    assert_constant_queries(
        client, url(api, "operation-list"), headers(api, "member"), add_operations
    )


# ------------------------------------------------------------------ employer group's needs


def test_coordinators_read_every_need_a_member_their_employers_only(client, api):
    made = build_group(api)
    live = Need.objects.filter(withdrawn_at__isnull=True)

    every = get(client, api, "coordinator", "need-list", page_size=100)
    assert {row["id"] for row in every["results"]} == set(live.values_list("pk", flat=True))
    own = get(client, api, "member", "need-list", page_size=100)
    assert {row["id"] for row in own["results"]} == set(
        live.filter(employer=made.own).values_list("pk", flat=True)
    )
    other = live.exclude(employer=made.own).first()
    get(client, api, "member", "need-detail", other.pk, status=404)

    cleaning = made.needs["cleaning"]  # the own employer's: five evenings of 1 h 30
    one = get(client, api, "member", "need-detail", cleaning.pk)
    assert one["employer"] == made.own.organisation.name
    assert one["family"] == "Agent d'entretien"
    assert one["slots"][0] == {"day": 0, "start": "18:45:00", "end": "20:15:00"}
    assert one["hours"] == 7.5
    assert "note" not in one


def test_a_withdrawn_need_is_left_out_and_filters_apply(client, api):
    made = build_group(api)
    need = made.needs["mornings"]
    need.withdrawn_at = need.created_at
    need.save(update_fields=["withdrawn_at"])
    ids = {row["id"] for row in get(client, api, "coordinator", "need-list")["results"]}
    assert need.pk not in ids
    holidays = get(client, api, "coordinator", "need-list", period="holidays")["results"]
    assert holidays and all(row["period"] == "holidays" for row in holidays)


def test_needs_list_queries_stay_constant(client, api):
    from ..employers.setting import add_need

    made = build_group(api)
    Need.objects.all().delete()
    family = made.families["entretien"]

    def add_needs(n):
        for _ in range(n):
            add_need(made.own, made.sites[0], family, "all_year", [(0, "08:00", "12:00")])

    assert_constant_queries(client, url(api, "need-list"), headers(api, "member"), add_needs)


# ------------------------------------------------------------------ the foundation


def test_campaigns_show_goal_received_matched_and_drafts_to_who_prepares_them(client, api):
    fund = build_foundation(api)
    campaign = fund.campaign

    found = get(client, api, "observer", "campaign-detail", campaign.pk)
    expected = ledger.figures(fund.foundation, campaign=campaign)
    assert found["figures"] == {
        "raised": f"{expected.raised:.2f}",
        "received": f"{expected.received:.2f}",
        "pledged": f"{expected.pledged:.2f}",
        "matched": f"{expected.matched:.2f}",
    }
    assert expected.matched > 0 and expected.received > 0
    assert found["counted"] == f"{expected.received + expected.matched:.2f}"
    assert found["status"] == "open"

    listed = get(client, api, "member", "campaign-list")["results"]
    assert fund.draft.pk not in [row["id"] for row in listed]
    get(client, api, "member", "campaign-detail", fund.draft.pk, status=404)
    for preparer in ("coordinator", "facilitator"):  # the facilitator is its treasurer
        get(client, api, preparer, "campaign-detail", fund.draft.pk)
    assert "Louis Bernard" not in str(found) and "Camille Martin" not in str(found)


def test_transparency_gives_totals_and_campaigns_and_names_no_donor(client, api):
    fund = build_foundation(api)
    found = get(client, api, "member", "campaign-transparency")

    assert found["name"] == fund.foundation.name
    assert [row["id"] for row in found["campaigns"]] == [fund.campaign.pk]  # no draft
    euros = ledger.figures(fund.foundation, currency="EUR")
    assert {"currency": "EUR", "received": f"{euros.received:.2f}"}.items() <= next(
        row for row in found["totals"] if row["currency"] == "EUR"
    ).items()
    assert "Louis Bernard" not in str(found) and "Camille Martin" not in str(found)


def test_campaigns_list_queries_stay_constant(client, api):
    fund = build_foundation(api)

    def add_campaigns(n):
        for number in range(n):
            Campaign.objects.create(
                foundation=fund.foundation,
                title=f"Campagne {number}",
                goal=1000,
                currency="EUR",
                starts_on=fund.campaign.starts_on,
                ends_on=fund.campaign.ends_on,
                status=CampaignStatus.OPEN,
                created_by=api.coordinator,
            )

    assert_constant_queries(
        client, url(api, "campaign-list"), headers(api, "observer"), add_campaigns
    )


def test_a_public_foundation_of_a_private_collective_is_read_without_a_token(client, api):
    fund = build_foundation(api)
    fund.foundation.public = True
    fund.foundation.save(update_fields=["public"])

    listed = get(client, api, "anonymous", "campaign-list")
    assert [row["id"] for row in listed["results"]] == [fund.campaign.pk]
    assert get(client, api, "outsider", "campaign-transparency")["name"] == fund.foundation.name
    # The collective's other content stays hidden.
    get(client, api, "anonymous", "need-list", status=404)


def test_a_collective_without_a_foundation_has_no_campaigns(client, api):
    get(client, api, "member", "campaign-list", status=404)
    get(client, api, "member", "campaign-transparency", status=404)
