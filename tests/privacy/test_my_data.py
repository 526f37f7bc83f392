"""My data: an export of everything held about me, built by a task, its link e-mailed,
downloaded by its owner only, gone after PRIVACY_EXPORT_DAYS days."""

import json
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from maillage.api import services as api_services
from maillage.core import personal
from maillage.privacy import services
from maillage.privacy.models import DataExport, ExportStatus

from ..factories import InvitationFactory


@pytest.fixture
def asked(client, world, django_capture_on_commit_callbacks):
    """The member asks for their data through the page; the task runs at commit."""
    api_services.create_token(world.member, name="tableur", collectives=[world.collective])
    InvitationFactory(
        collective=world.other, invited_by=world.outsider, email=world.member.email.upper()
    )
    client.force_login(world.member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("privacy:my_data"))
    assert response.status_code == 302
    return DataExport.objects.get(user=world.member)


def test_the_export_is_built_and_its_link_emailed(asked, world, client):
    assert asked.status == ExportStatus.READY
    message = mail.outbox[-1]
    assert message.to == [world.member.email]
    assert asked.key in message.body
    assert "Connectez-vous" in message.body
    page = client.get(reverse("privacy:my_data")).content.decode()
    assert asked.get_absolute_url() in page


def test_the_export_holds_every_registered_apps_data(asked, world, client):
    response = client.get(asked.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="maillage-data-')
    document = json.loads(response.content)
    assert document["format"] == services.FORMAT and document["scope"] == "everything"
    data = document["data"]
    # Every app registered at the time answers (F and G add theirs).
    assert set(personal.EXPORTERS) >= {"accounts", "collectives", "api", "audit"}
    assert data["accounts"]["email"] == world.member.email
    assert data["accounts"]["display_name"] == world.member.display_name
    (membership,) = data["collectives"]["memberships"]
    assert membership["collective"] == world.collective.name and membership["role"] == "member"
    assert membership["represents"] == "Hospice général"
    assert data["collectives"]["invitations"][0]["collective"] == world.other.name
    (token,) = data["api"]["tokens"]
    assert token["name"] == "tableur" and token["collectives"] == [world.collective.slug]
    # The token itself is never in it (only its digest is kept, and not given).
    assert "digest" not in json.dumps(data["api"])
    # Nothing of another person.
    assert world.coordinator.email not in response.content.decode()


def test_someone_elses_export_is_not_found(asked, client, world):
    client.force_login(world.coordinator)
    assert client.get(asked.get_absolute_url()).status_code == 404
    # Nor is it reachable as an export sent to an address.
    url = reverse("privacy:download_by_key", args=[asked.key])
    client.logout()
    assert client.get(url).status_code == 404


def test_an_export_expires_and_the_periodic_job_deletes_it(asked, client):
    DataExport.objects.filter(pk=asked.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(asked.get_absolute_url()).status_code == 404
    assert services.delete_expired_exports() == 1
    assert not DataExport.objects.filter(pk=asked.pk).exists()


def test_the_export_is_kept_the_configured_days(asked, settings):
    assert asked.expires_at - asked.ready_at == timedelta(days=settings.PRIVACY_EXPORT_DAYS)


def test_one_export_at_a_time_and_a_few_a_day(client, world):
    client.force_login(world.member)
    client.post(reverse("privacy:my_data"))  # without the commit, the task has not run
    assert DataExport.objects.get(user=world.member).status == ExportStatus.BUILDING
    response = client.post(reverse("privacy:my_data"), follow=True)
    assert "Vos données sont déjà en préparation" in response.content.decode()
    assert DataExport.objects.filter(user=world.member).count() == 1
    DataExport.objects.update(status=ExportStatus.READY)
    for _ in range(services.EXPORTS_A_DAY - 1):
        services.request_export(user=world.member)
        DataExport.objects.update(status=ExportStatus.READY)
    response = client.post(reverse("privacy:my_data"), follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert DataExport.objects.filter(user=world.member).count() == services.EXPORTS_A_DAY


def test_a_failed_build_lets_the_person_ask_again(world, monkeypatch):
    export = DataExport.objects.create(user=world.member, expires_at=timezone.now())

    def broken(person):
        raise RuntimeError("boom")

    monkeypatch.setitem(personal.EXPORTERS, "broken", broken)
    from maillage.privacy.tasks import build_export_task

    with pytest.raises(RuntimeError):
        build_export_task.call(export_id=export.pk)
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED
    assert services.request_export(user=world.member).status == ExportStatus.BUILDING
