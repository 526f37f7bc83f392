"""The minutes' documents are made once for a given content (core.downloads): asking
again costs the content, not a new document; a change of the minutes gives a new one,
and so does another language."""

import pytest
from django.test import Client
from django.urls import reverse

from maillage.meetings import services, views_minutes
from maillage.meetings.models import Decision

from .test_minutes import move_to_past, pdf_text, url


@pytest.fixture
def builds(monkeypatch):
    counts = {"docx": 0, "odt": 0, "pdf": 0}
    for kind, (make, content_type) in list(views_minutes.FORMATS.items()):

        def counted(content, make=make, kind=kind):
            counts[kind] += 1
            return make(content)

        monkeypatch.setitem(views_minutes.FORMATS, kind, (counted, content_type))
    return counts


def reader(world, persona="member"):
    client = Client()
    client.force_login(world.persona(persona))
    return client


@pytest.mark.parametrize("kind", ["docx", "odt", "pdf"])
def test_the_draft_is_made_once_until_it_changes(world, setting, builds, kind):
    first = reader(world).get(url(setting, f"minutes_{kind}"))
    again = reader(world, "observer").get(url(setting, f"minutes_{kind}"))
    assert first.status_code == again.status_code == 200
    assert again.content == first.content and again["ETag"] == first["ETag"]
    assert first["Cache-Control"] == "private, no-cache"
    assert builds[kind] == 1

    decision = Decision.objects.filter(meeting=setting.meeting).first()
    services.update_decision(
        actor=world.coordinator,
        decision=decision,
        text="Nous adoptons la charte commune, relue par chacun.",
        status=decision.status,
    )
    changed = reader(world).get(url(setting, f"minutes_{kind}"))
    assert builds[kind] == 2
    assert changed["ETag"] != first["ETag"]


def test_an_approved_version_is_made_once_and_the_browser_keeps_it(world, setting, builds):
    move_to_past(setting)
    services.approve_minutes(actor=world.coordinator, meeting=setting.meeting)
    client = reader(world)
    first = client.get(url(setting, "version_pdf", 1))
    assert first.status_code == 200 and "Tour de table" in pdf_text(first.content)
    assert client.get(url(setting, "minutes_pdf"))["ETag"] == first["ETag"]  # the same text
    again = client.get(url(setting, "version_pdf", 1), headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert builds["pdf"] == 1


def test_another_language_gives_another_document(world, setting, builds):
    client = reader(world)
    french = client.get(url(setting, "minutes_pdf"))
    world.member.language = "en"
    world.member.save()
    english = client.get(url(setting, "minutes_pdf"))
    assert french["Content-Language"] == "fr" and english["Content-Language"] == "en"
    assert english["ETag"] != french["ETag"]
    assert builds["pdf"] == 2


def test_outsiders_get_nothing_even_when_the_document_is_kept(world, setting, builds):
    assert reader(world).get(url(setting, "minutes_pdf")).status_code == 200
    assert reader(world, "outsider").get(url(setting, "minutes_pdf")).status_code == 404
    anonymous = Client().get(url(setting, "minutes_pdf"))
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("accounts:login"))
    assert builds["pdf"] == 1
