"""The periodic job, the command and the pages of the open data."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from maillage.collectives.models import Visibility
from maillage.core import periodic
from maillage.opendata import services
from maillage.opendata.models import OpenDataFile

from ..factories import CollectiveFactory
from .setting import build_published, secrets


def _age(collective, minutes):
    """The collective's file as if last checked ``minutes`` ago."""
    past = timezone.now() - timedelta(minutes=minutes)
    OpenDataFile.objects.filter(collective=collective).update(checked_at=past, built_at=past)


def test_the_job_is_registered():
    assert periodic.JOBS["opendata.rebuild"] is services.rebuild_due


def test_the_job_rebuilds_what_is_due_and_drops_what_became_private(world, settings):
    settings.OPENDATA_REBUILD_MINUTES = 60
    fresh = CollectiveFactory(public=True)
    stale = CollectiveFactory(public=True)
    missing = CollectiveFactory(public=True)
    closed = CollectiveFactory(public=True)
    for collective in (fresh, stale, closed):
        services.publish(collective=collective)
    _age(fresh, 30)
    _age(stale, 90)
    closed.visibility = Visibility.PRIVATE
    closed.save(update_fields=["visibility"])
    before = {f.collective_id: f.checked_at for f in OpenDataFile.objects.all()}

    done = periodic.run_jobs()["opendata.rebuild"]

    assert done == {"built": 2, "dropped": 1}
    after = {f.collective_id: f.checked_at for f in OpenDataFile.objects.all()}
    assert set(after) == {fresh.pk, stale.pk, missing.pk}  # world's collective is private
    assert after[fresh.pk] == before[fresh.pk]
    assert after[stale.pk] > before[stale.pk]
    assert services.rebuild_due() == {"built": 0, "dropped": 0}


def test_the_command_builds_one_collective_or_every_public_one(world):
    one, two = CollectiveFactory(public=True), CollectiveFactory(public=True)
    out = io.StringIO()
    call_command("build_open_data", one.slug, stdout=out)
    assert list(OpenDataFile.objects.values_list("collective", flat=True)) == [one.pk]
    assert one.slug in out.getvalue()
    call_command("build_open_data", stdout=io.StringIO())
    assert set(OpenDataFile.objects.values_list("collective", flat=True)) == {one.pk, two.pk}
    with pytest.raises(CommandError, match="collectif public"):
        call_command("build_open_data", world.collective.slug)
    with pytest.raises(CommandError, match="nope"):
        call_command("build_open_data", "nope")


@pytest.fixture
def published(world):
    return build_published(world)


def test_the_page_says_what_the_files_hold_and_links_to_them(client, published, world):
    slug = world.collective.slug
    response = client.get(reverse("opendata:page", args=[slug]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Données ouvertes" in page
    assert reverse("opendata:zip", args=[slug]) in page
    assert reverse("opendata:datainclusion", args=[slug]) in page
    assert "Licence Ouverte / Open Licence 2.0" in page
    assert "<code>projects.csv</code>" in page and "<code>milestones_reached</code>" in page
    assert OpenDataFile.objects.filter(collective=world.collective).exists()  # built on demand
    detail = client.get(reverse("collectives:detail", args=[slug])).content.decode()
    assert reverse("opendata:page", args=[slug]) in detail


def test_the_page_in_english(client, published, world):
    response = client.get(
        reverse("opendata:page", args=[world.collective.slug]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "What the files hold" in response.content.decode()


def test_the_zip_and_the_catalogue_are_downloads_without_any_person(client, published, world):
    slug = world.collective.slug
    response = client.get(reverse("opendata:zip", args=[slug]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == f'attachment; filename="{slug}-donnees-ouvertes.zip"'
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert "projects.csv" in archive.namelist()
    again = client.get(reverse("opendata:zip", args=[slug]), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304

    response = client.get(reverse("opendata:datainclusion", args=[slug]))
    assert response["Content-Type"] == "application/json"
    document = json.loads(response.content)
    assert document == json.loads(archive.read("data-inclusion.json"))
    text = response.content.decode()
    assert not [secret for secret in secrets() if secret in text]


def test_a_private_collective_has_no_open_data_page(client, world):
    slug = world.collective.slug
    client.force_login(world.coordinator)
    for name in ("opendata:page", "opendata:zip", "opendata:datainclusion"):
        assert client.get(reverse(name, args=[slug])).status_code == 404
    detail = client.get(reverse("collectives:detail", args=[slug])).content.decode()
    assert reverse("opendata:page", args=[slug]) not in detail
    assert not OpenDataFile.objects.exists()


def test_the_page_reads_in_few_queries(client, published, world, django_assert_max_num_queries):
    slug = world.collective.slug
    client.get(reverse("opendata:zip", args=[slug]))  # built once
    with django_assert_max_num_queries(8):
        client.get(reverse("opendata:page", args=[slug]))
    with django_assert_max_num_queries(8):
        client.get(reverse("opendata:zip", args=[slug]))
