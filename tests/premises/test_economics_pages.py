"""The economic model's pages: saving makes versions, a second editor is told and
loses nothing, bad input comes back with its message, up to three versions side by
side, the XLSX download; tenants and other organisations' people never see them."""

import html
import io
import re
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from maillage.audit.models import AuditEvent
from maillage.collectives.models import Membership
from maillage.premises import economics, services_economics
from maillage.premises.models_economics import Scenario

from ..factories import OrganisationFactory
from .matrix_economics import _form
from .setting import build_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def premises(world):
    return build_site(world)


def _url(name, premises, *args):
    site = premises.site
    return reverse(f"premises:{name}", args=[site.collective.slug, site.slug, *args])


def _save(world, premises, name="2030", **changes):
    return services_economics.save_scenario(
        actor=world.coordinator,
        site=premises.site,
        name=name,
        inputs={**economics.SICOVAL_2013, **changes},
    )


def test_creating_a_scenario_saves_version_one_and_logs_it(client, world, premises):
    client.force_login(world.coordinator)
    response = client.post(_url("scenario_create", premises), _form("Plan 2030"))
    scenario = Scenario.objects.get(site=premises.site, name="Plan 2030")
    assert response.status_code == 302
    version = scenario.current()
    assert (scenario.version, version.number) == (1, 1)
    assert version.inputs["staff"] == "40000"
    assert economics.compute(version.inputs).result == Decimal("5780.00")
    assert AuditEvent.objects.filter(action="premises.scenario_saved").count() == 1
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert b'role="img"' in page.content and b"<title" in page.content


def test_saving_again_adds_a_version_and_the_older_stays_readable(client, world, premises):
    version = _save(world, premises)
    client.force_login(world.coordinator)
    data = _form("2030", base_version=1)
    data["staff"] = "50000"
    response = client.post(_url("scenario_edit", premises, version.scenario.pk), data)
    assert response.status_code == 302
    scenario = Scenario.objects.get(pk=version.scenario.pk)
    assert [v.number for v in scenario.versions.order_by("number")] == [1, 2]
    assert scenario.current().inputs["staff"] == "50000"
    # Version 1 is still there, unchanged, and readable.
    old = client.get(_url("scenario", premises, scenario.pk) + "?version=1")
    assert old.status_code == 200
    assert "40000" in str(scenario.versions.get(number=1).inputs["staff"])
    # Both compared side by side.
    ids = [v.pk for v in scenario.versions.all()]
    compared = client.get(_url("scenario_compare", premises), {"versions": ids})
    assert compared.status_code == 200
    assert b"2030 v1" in compared.content and b"2030 v2" in compared.content


def test_a_second_editor_is_told_and_loses_nothing(client, world, premises):
    version = _save(world, premises)
    # Someone else saves version 2 while our coordinator is editing version 1.
    services_economics.save_scenario(
        actor=world.coordinator,
        site=premises.site,
        name="2030",
        inputs=economics.SICOVAL_2013,
        base_version=1,
        note="L'autre",
    )
    client.force_login(world.coordinator)
    data = _form("2030", base_version=1)
    data["staff"] = "41234,50"
    response = client.post(_url("scenario_edit", premises, version.scenario.pk), data)
    assert response.status_code == 422
    content = response.content.decode()
    assert 'value="41234,50"' in content  # what was typed is still there
    assert 'role="alert"' in content
    assert Scenario.objects.get(pk=version.scenario.pk).version == 2
    # The page now follows version 2: saving again makes version 3.
    assert re.search(r'name="base_version" value="2"', content)
    data["base_version"] = "2"
    assert (
        client.post(_url("scenario_edit", premises, version.scenario.pk), data).status_code == 302
    )
    latest = Scenario.objects.get(pk=version.scenario.pk).current()
    assert (latest.number, latest.inputs["staff"]) == (3, "41234.50")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("staff", "-100", "Saisissez un nombre qui ne soit pas négatif."),
        ("meeting_room_occupancy", "140", "Une occupation est comprise entre 0 et 100\u00a0%."),
        ("desks_occupancy", "-5", "Saisissez un nombre qui ne soit pas négatif."),
        ("currency", "USD", "USD n’en fait pas partie"),
        ("fit_out_years", "0", "Saisissez au moins 1."),
        ("charges", "beaucoup", "Saisissez un nombre."),
    ],
)
def test_bad_input_comes_back_with_a_clear_message(client, world, premises, field, value, message):
    client.force_login(world.coordinator)
    data = _form("Plan")
    data[field] = value
    data["insurance"] = "2600"  # another value typed, kept
    response = client.post(_url("scenario_create", premises), data)
    assert response.status_code == 422
    content = response.content.decode()
    assert message in html.unescape(content)
    assert 'value="2600"' in content
    assert not Scenario.objects.filter(site=premises.site).exists()


def test_a_name_already_taken_is_refused(client, world, premises):
    _save(world, premises, name="Plan")
    client.force_login(world.coordinator)
    response = client.post(_url("scenario_create", premises), _form("Plan"))
    assert response.status_code == 422
    assert Scenario.objects.filter(site=premises.site).count() == 1


def test_more_than_three_versions_are_refused_in_the_comparison(client, world, premises):
    ids = [_save(world, premises, name=f"S{number}").pk for number in range(4)]
    client.force_login(world.coordinator)
    response = client.get(_url("scenario_compare", premises), {"versions": ids})
    assert response.status_code == 200
    assert "comparison" not in response.content.decode().split("</form>", 1)[1]


def test_the_xlsx_download_has_live_formulas(client, world, premises):
    version = _save(world, premises)
    client.force_login(world.coordinator)
    response = client.get(_url("scenario_xlsx", premises, version.scenario.pk) + "?version=1")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    results = book[book.sheetnames[2]]
    assert all(row[1].data_type == "f" for row in results.iter_rows(min_row=2))


def test_the_tenants_representative_and_another_organisations_member_are_refused(
    client, world, premises
):
    version = _save(world, premises)
    # The world's member represents the tenant organisation (setting.build_site).
    assert premises.tenancy.organisation_id == world.organisation.pk
    other = OrganisationFactory()
    Membership.objects.filter(user=world.facilitator, collective=world.collective).update(
        organisation=other
    )
    for person in (world.member, world.facilitator):
        client.force_login(person)
        for name, args in (
            ("economics", []),
            ("scenario", [version.scenario.pk]),
            ("scenario_xlsx", [version.scenario.pk]),
            ("occupancy", []),
        ):
            assert client.get(_url(name, premises, *args)).status_code == 403, (person, name)


def test_the_occupancy_page_draws_the_heatmap_and_the_same_figures(client, world, premises):
    _save(world, premises)
    client.force_login(world.coordinator)
    response = client.get(_url("occupancy", premises), {"year": 2030})
    content = response.content.decode()
    assert response.status_code == 200
    assert 'class="chart chart-heatmap" role="img"' in content
    assert "<title" in content and "<desc" in content
    assert content.count("<tr>") >= 5  # the table beside it, a row per space
    assert "Petite salle 1" in content
    # A year out of range: the current year, the message kept.
    response = client.get(_url("occupancy", premises), {"year": "1800"})
    assert response.status_code == 200
    assert str(date.today().year) in response.content.decode()


def test_the_forms_open_empty_from_the_sicoval_model_or_from_the_latest_version(
    client, world, premises
):
    client.force_login(world.coordinator)
    empty = client.get(_url("scenario_create", premises))
    assert empty.status_code == 200
    assert 'name="staff" value="0"' in empty.content.decode()
    seeded = client.get(_url("scenario_create", premises) + "?depart=sicoval-2013")
    assert 'name="staff" value="40000"' in seeded.content.decode()
    version = _save(world, premises, staff="42000")
    edit = client.get(_url("scenario_edit", premises, version.scenario.pk)).content.decode()
    assert 'name="staff" value="42000"' in edit
    assert 'name="base_version" value="1"' in edit
    index = client.get(_url("economics", premises)).content.decode()
    assert "2030" in index
