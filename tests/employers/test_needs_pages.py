"""The NEEDS part's pages: the group's figures, the scoping of needs to the members one
acts for, the need form (its rows, its refusals, nothing typed lost), the table."""

import pytest
from django.urls import reverse

from maillage.employers.models import Group, Need, Run, RunStatus, Week

from .setting_needs import build_group, need_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def made(english):
    return build_group(english)


def url(name, made, *args):
    return reverse(f"employers:{name}", args=[made.world.collective.slug, *args])


def test_the_home_page_shows_the_groups_figures(client, made):
    Run.objects.create(group=made.group, week=Week.TERM, status=RunStatus.DONE, hours_placed=33.0)
    client.force_login(made.world.observer)
    response = client.get(url("home", made))
    assert response.status_code == 200
    figures = response.context["figures"]
    assert figures["members"] == 3
    assert figures["needs"] == 6
    assert figures["jobs"] == 0
    assert {row["period"]: row["hours"] for row in figures["by_period"]} == {
        "All year": 16 + 7.5 + 4,
        "School term": 8 + 9,
        "School holidays": 17.5,
    }
    assert figures["latest_run"].hours_placed == 33.0
    content = response.content.decode()
    assert "27.5" in content and "33 h" in content
    # The observer represents nobody: no way to declare a need.
    assert reverse("employers:need_add", args=[made.world.collective.slug]) not in content


def test_without_a_group_coordinators_get_the_form_and_others_a_plain_page(client, english):
    client.force_login(english.member)
    response = client.get(reverse("employers:home", args=[english.collective.slug]))
    assert b"This collective has no employer group." in response.content
    assert response.context["form"] is None
    client.force_login(english.coordinator)
    response = client.post(
        reverse("employers:create", args=[english.collective.slug]), {"name": "GE de l'Est"}
    )
    assert response.status_code == 302
    assert Group.objects.get(collective=english.collective).name == "GE de l'Est"


def test_a_member_sees_only_the_needs_of_their_employer(client, made):
    client.force_login(made.world.member)
    response = client.get(url("needs", made))
    assert response.status_code == 200
    assert {n.pk for n in response.context["needs"]} == {
        made.needs["cleaning"].pk,
        made.needs["saturday"].pk,
    }
    assert client.get(url("need", made, made.needs["cleaning"].pk)).status_code == 200
    assert client.get(url("need", made, made.needs["mornings"].pk)).status_code == 403
    assert client.get(url("need_edit", made, made.needs["mornings"].pk)).status_code == 403
    assert client.post(url("need_withdraw", made, made.needs["mornings"].pk)).status_code == 403
    assert Need.objects.get(pk=made.needs["mornings"].pk).withdrawn_at is None
    assert client.get(url("member", made, made.others[0].pk)).status_code == 403
    assert client.get(url("need", made, 999999)).status_code == 404


def test_the_coordinator_filters_the_needs(client, made):
    client.force_login(made.world.coordinator)
    response = client.get(url("needs", made), {"period": "term"})
    assert {n.pk for n in response.context["needs"]} == {
        made.needs["evenings"].pk,
        made.needs["wednesdays"].pk,
    }
    response = client.get(url("needs", made), {"employer": made.own.pk})
    assert len(response.context["needs"]) == 2


def test_a_member_declares_a_need_for_their_employer(client, made):
    client.force_login(made.world.member)
    response = client.post(url("need_add", made), need_post(made))
    need = Need.objects.latest("pk")
    assert response.status_code == 302
    assert response["Location"] == url("need", made, need.pk)
    assert (need.employer, need.minutes, need.note) == (made.own, 240, "Entretien du matin")


def test_a_member_cannot_declare_for_another_member(client, made):
    client.force_login(made.world.member)
    other = made.others[0]
    data = need_post(made, employer=str(other.pk), site=str(made.sites[1].pk))
    before = Need.objects.count()
    response = client.post(url("need_add", made), data)
    assert response.status_code == 400
    assert "Choose a member you act for." in response.content.decode()
    assert Need.objects.count() == before


def test_add_rows_keeps_every_typed_row_and_field(client, made):
    client.force_login(made.world.member)
    data = need_post(made, **{"slots-2-day": "4", "slots-2-start": "06:00", "slots-2-end": ""})
    data["more_rows"] = "1"
    before = Need.objects.count()
    response = client.post(url("need_add", made), data)
    assert response.status_code == 200
    assert Need.objects.count() == before
    formset = response.context["formset"]
    assert len(formset.forms) == 8 + 4
    content = response.content.decode()
    assert 'name="slots-TOTAL_FORMS" value="12"' in content
    rows = [form.initial for form in formset.forms[:3]]
    assert [(str(r["day"]), r["start"], r["end"]) for r in rows] == [
        ("0", "06:00", "08:00"),
        ("2", "06:00", "08:00"),
        ("4", "06:00", ""),
    ]
    assert 'value="06:00"' in content
    assert "Entretien du matin" in content
    assert response.context["form"]["family"].value() == str(made.families["entretien"].pk)
    # No refusal is shown yet for the half-typed row.
    assert "Give the day, the time it starts" not in content
    assert "Weekly hours of the slots typed: 4 h." in content


def test_a_refused_need_keeps_what_was_typed(client, made):
    client.force_login(made.world.member)
    data = need_post(made, **{"slots-1-day": "0", "slots-1-start": "07:00", "slots-1-end": "09:00"})
    response = client.post(url("need_add", made), data)
    assert response.status_code == 400
    content = response.content.decode()
    assert "Two slots overlap on Monday: 06:00–08:00 and 07:00–09:00." in content
    assert 'value="07:00"' in content and "Entretien du matin" in content


def test_a_stale_need_form_keeps_what_was_typed(client, made):
    need = made.needs["cleaning"]
    client.force_login(made.world.member)
    opened = client.get(url("need_edit", made, need.pk))
    assert opened.context["form"]["version"].value() == 1
    Need.objects.filter(pk=need.pk).update(version=2)
    data = need_post(made, version="1", note="Ma nouvelle note")
    response = client.post(url("need_edit", made, need.pk), data)
    assert response.status_code == 400
    content = response.content.decode()
    assert "Someone changed this need while you were editing it." in content
    assert "Ma nouvelle note" in content
    need.refresh_from_db()
    assert need.note == ""


def test_the_need_edit_form_shows_the_needs_rows(client, made):
    need = made.needs["cleaning"]
    client.force_login(made.world.member)
    response = client.get(url("need_edit", made, need.pk))
    assert len(response.context["formset"].forms) == 8
    assert "Weekly hours of the slots typed: 7.5 h." in response.content.decode()


def test_the_qualifications_table_says_yes_in_words(client, made):
    client.force_login(made.world.observer)
    response = client.get(url("table", made))
    content = response.content.decode()
    assert "<caption" in content and 'scope="row">CAP AEPE</th>' in content
    rows = {row["qualification"].name: row["cells"] for row in response.context["rows"]}
    # Families in name order: Agent d'entretien, Animateur périscolaire, Auxiliaire petite enfance.
    assert rows == {
        "BAFA": [False, True, False],
        "CAP AEPE": [False, True, True],
        "Titre professionnel APH": [True, False, False],
    }
    assert ">yes</td>" in content and ">no</td>" in content
    assert "Accueil du jeune enfant" in content and "1800 €" in content
    assert reverse("employers:training_add", args=[made.world.collective.slug]) not in content
