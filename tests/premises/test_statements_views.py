"""The pages of prices and statements: what a tenant, another organisation's member
and the coordinators get; a bad price keeps what was typed."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from maillage.collectives.models import Role
from maillage.premises import services_statements as services
from maillage.premises.models import SpaceKind
from maillage.premises.models_statements import Price, Statement

from ..factories import MembershipFactory, OrganisationFactory
from .setting import TenancyFactory
from .statements_setting import priced_site

pytestmark = pytest.mark.django_db

AFTER_MARCH = datetime(2030, 4, 2, tzinfo=UTC)


def two_tenants(world):
    """The world's organisation and another, each with its March 2030 statement, and
    a member who represents the other."""
    premises = priced_site(world)
    other_org = OrganisationFactory(name="Alter Habitat")
    world.collective.organisations.add(other_org)
    TenancyFactory(
        site=premises.site, organisation=other_org, category=premises.occasional, kind="part_time"
    )
    other_member = MembershipFactory(
        collective=world.collective, role=Role.MEMBER, organisation=other_org
    ).user
    issued = services.issue_statements(
        actor=world.coordinator, site=premises.site, year=2030, month=3, now=AFTER_MARCH
    )
    ours = next(s for s in issued if s.organisation == world.organisation)
    theirs = next(s for s in issued if s.organisation == other_org)
    return premises, ours, theirs, other_member


STATEMENT_URLS = ["statement", "statement_pdf", "statement_csv"]


def url(name, premises, *args):
    return reverse(
        f"premises:{name}", args=[premises.site.collective.slug, premises.site.slug, *args]
    )


def test_a_tenant_reads_its_statements_and_never_another_organisations(client, world):
    premises, ours, theirs, _other = two_tenants(world)
    client.force_login(world.member)
    for name in STATEMENT_URLS:
        assert client.get(url(name, premises, ours.pk)).status_code == 200
        assert client.get(url(name, premises, theirs.pk)).status_code == 404
    for name in ("statement_credit",):
        assert client.get(url(name, premises, theirs.pk)).status_code == 404
    response = client.post(url("statement_paid", premises, theirs.pk), {"paid_on": "2030-04-20"})
    assert response.status_code == 404
    mine = client.get(url("statements_mine", premises)).content.decode()
    assert ours.number in mine
    assert theirs.number not in mine
    assert "mars 2030" in mine
    theirs.refresh_from_db()
    assert theirs.paid_on is None


def test_another_organisations_member_gets_404_on_each_url_of_our_statement(client, world):
    premises, ours, theirs, other = two_tenants(world)
    client.force_login(other)
    for name in [*STATEMENT_URLS, "statement_credit"]:
        assert client.get(url(name, premises, ours.pk)).status_code == 404, name
    assert (
        client.post(url("statement_paid", premises, ours.pk), {"paid_on": "2030-04-20"}).status_code
        == 404
    )
    assert client.get(url("statement", premises, theirs.pk)).status_code == 200
    mine = client.get(url("statements_mine", premises)).content.decode()
    assert theirs.number in mine and ours.number not in mine
    # The statements of the whole site are the coordinators'.
    assert client.get(url("statements", premises)).status_code == 403


def test_the_coordinators_see_every_statement_and_filter_by_tenant(client, world):
    premises, ours, theirs, _other = two_tenants(world)
    client.force_login(world.coordinator)
    page = client.get(url("statements", premises)).content.decode()
    assert ours.number in page and theirs.number in page
    filtered = client.get(
        url("statements", premises), {"organisation": theirs.organisation_id}
    ).content.decode()
    assert theirs.number in filtered and ours.number not in filtered


def test_the_pdf_and_csv_downloads(client, world):
    premises, ours, _theirs, _other = two_tenants(world)
    client.force_login(world.member)
    pdf = client.get(url("statement_pdf", premises, ours.pk))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    csv = client.get(url("statement_csv", premises, ours.pk)).content.decode("utf-8-sig")
    assert "405.00" in csv


def test_a_negative_price_is_refused_with_a_message_and_what_was_typed_is_kept(client, world):
    premises = priced_site(world)
    client.force_login(world.coordinator)
    key = f"p_{premises.outside.pk}_{SpaceKind.MEETING_ROOM}_half_day"
    other = f"p_{premises.occasional.pk}_{SpaceKind.MEETING_ROOM}_half_day"
    response = client.post(url("prices", premises), {key: "-5", other: "45,123"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Un prix ne peut pas être négatif." in page
    assert "deux décimales" in page
    assert 'value="-5"' in page and 'value="45,123"' in page
    assert Price.objects.get(category=premises.outside, kind=SpaceKind.MEETING_ROOM).amount == (
        Decimal("60.00")
    )


def test_the_coordinators_change_a_price_and_members_read_the_grid(client, world):
    premises = priced_site(world)
    client.force_login(world.coordinator)
    form = client.get(url("prices", premises)).context["grid"]
    data = {name: field.value() or "" for name, field in ((f.name, f) for f in form)}
    key = f"p_{premises.outside.pk}_{SpaceKind.MEETING_ROOM}_half_day"
    data[key] = "65,50"
    response = client.post(url("prices", premises), data)
    assert response.status_code == 302
    assert Price.objects.get(category=premises.outside, kind=SpaceKind.MEETING_ROOM).amount == (
        Decimal("65.50")
    )
    client.force_login(world.member)
    page = client.get(url("prices", premises)).content.decode()
    assert "65,50" in page
    assert "<input" not in page.split('id="grid"')[1].split("</table>")[0]


def test_issue_credit_and_mark_paid_through_the_pages(client, world):
    premises = priced_site(world)
    client.force_login(world.coordinator)
    refused = client.post(url("statements_issue", premises), {"year": 2030, "month": 3})
    assert refused.status_code == 400  # March 2030 is not over
    (statement,) = services.issue_statements(
        actor=world.coordinator, site=premises.site, year=2030, month=3, now=AFTER_MARCH
    )
    line = statement.lines.get()
    response = client.post(url("statement_credit", premises, statement.pk), {"lines": [line.pk]})
    assert response.status_code == 400  # no reason
    response = client.post(
        url("statement_credit", premises, statement.pk),
        {"lines": [line.pk], "reason": "Bureau fermé"},
    )
    note = Statement.objects.get(credits=statement)
    assert response.status_code == 302
    assert note.total == Decimal("-405.00")
    response = client.post(url("statement_paid", premises, statement.pk), {"paid_on": "2030-04-20"})
    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.paid_on.isoformat() == "2030-04-20"
