"""The minutes pages: the web page, the documents, the lifecycle (draft → submitted →
approved), proposed changes, approved versions and their comparison."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from maillage.core.errors import DomainError
from maillage.meetings import documents, services
from maillage.meetings.models import (
    AgendaItem,
    Amendment,
    AmendmentStatus,
    AmendmentTarget,
    Decision,
    DecisionStatus,
    Meeting,
    Minutes,
    MinutesStatus,
    MinutesVersion,
)

from ..htmx import htmx_get

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
PDF = "application/pdf"


def move_to_past(setting, days=3):
    starts = timezone.now() - timedelta(days=days)
    Meeting.objects.filter(pk=setting.meeting.pk).update(
        starts_at=starts, ends_at=starts + timedelta(hours=3)
    )
    setting.meeting.refresh_from_db()


def url(setting, name, *extra):
    meeting = setting.meeting
    return reverse(f"meetings:{name}", args=[meeting.collective.slug, meeting.pk, *extra])


def minutes_of(setting):
    return Minutes.objects.get(meeting=setting.meeting)


def docx_text(data):
    from docx import Document

    document = Document(io.BytesIO(data))
    texts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            texts.extend(cell.text for cell in row.cells)
    return "\n".join(texts)


def odt_text(data):
    from odf import teletype
    from odf.opendocument import load
    from odf.text import P

    document = load(io.BytesIO(data))
    return "\n".join(teletype.extractText(p) for p in document.getElementsByType(P))


def pdf_text(data):
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def fr(message, **values):
    """The French for an English source string (the catalogue's)."""
    with translation.override("fr"):
        text = translation.gettext(message)
    return text % values if values else text


def said(message, **values):
    """The French a page shows for an English source string, as written in HTML."""
    return escape(fr(message, **values))


def words(text):
    return " ".join(text.split())


@pytest.fixture
def past(setting):
    move_to_past(setting)
    return setting


# --------------------------------------------------------------------------- the page


def test_everyone_in_the_collective_reads_the_draft(client, world, setting):
    client.force_login(world.observer)
    response = client.get(url(setting, "minutes"))
    assert response.status_code == 200
    page = response.content.decode()
    assert setting.meeting.title.replace("'", "&#x27;") in page
    assert "Chaque organisation présente ses attentes" in page
    assert url(setting, "minutes_pdf") in page
    # An observer neither edits nor proposes.
    assert url(setting, "minutes_submit") not in page
    assert url(setting, "amendment_propose") not in page


def test_outsiders_never_see_the_minutes(client, world, setting):
    client.force_login(world.outsider)
    for name in ("minutes", "minutes_docx", "versions"):
        assert client.get(url(setting, name)).status_code == 404
    # The meeting through the address of another collective the person belongs to.
    from ..factories import MembershipFactory

    MembershipFactory(collective=world.other, user=world.coordinator)
    client.force_login(world.coordinator)
    response = client.get(reverse("meetings:minutes", args=[world.other.slug, setting.meeting.pk]))
    assert response.status_code == 404


def test_the_secretary_sees_the_lifecycle_and_a_link_to_edit(client, world, past):
    client.force_login(world.coordinator)
    page = client.get(url(past, "minutes")).content.decode()
    assert url(past, "minutes_submit") in page
    assert url(past, "minutes_approve") in page
    assert past.meeting.get_absolute_url() in page


def test_actions_are_post_only(client, world, past):
    client.force_login(world.coordinator)
    for name in ("minutes_submit", "minutes_approve", "minutes_new_version", "amendment_propose"):
        assert client.get(url(past, name)).status_code == 405
    proposal = Amendment.objects.create(
        minutes=past.minutes, number=1, comment="Une remarque", author=world.member
    )
    assert client.get(url(past, "amendment_decide", proposal.pk)).status_code == 405


def test_a_meeting_not_held_yet_cannot_be_submitted(client, world, setting):
    client.force_login(world.coordinator)
    response = client.post(url(setting, "minutes_submit"), follow=True)
    assert said("The meeting has not taken place yet.") in response.content.decode()
    assert minutes_of(setting).status == MinutesStatus.DRAFT


# ---------------------------------------------------------------------- the lifecycle


def test_whole_lifecycle_from_draft_to_two_approved_versions(
    client, world, past, django_capture_on_commit_callbacks
):
    meeting, first_item, second_item = past.meeting, past.items[0], past.items[1]
    old_notes = first_item.notes

    # Draft → submitted: the invited people get the link to the minutes.
    client.force_login(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(past, "minutes_submit"))
    assert response.status_code == 302 and response["Location"] == url(past, "minutes")
    assert minutes_of(past).status == MinutesStatus.SUBMITTED
    assert mail.outbox, "the participants are told the minutes are submitted"
    assert world.member.email in {address for message in mail.outbox for address in message.to}
    assert any(url(past, "minutes") in message.body for message in mail.outbox)
    assert world.outsider.email not in {a for message in mail.outbox for a in message.to}

    # A member proposes a new text for the first item's notes, starting from the current one.
    client.force_login(world.member)
    page = client.get(url(past, "minutes") + f"?sur=item-{first_item.pk}").content.decode()
    assert url(past, "amendment_propose") in page
    assert old_notes in page
    new_notes = "Chaque organisation présente ses attentes et ses moyens envers le revenu."
    response = client.post(
        url(past, "amendment_propose"),
        {
            "subject": f"item-{first_item.pk}",
            "comment": "Il manque les moyens.",
            "proposed_text": new_notes,
        },
    )
    assert response.status_code == 302
    accepted = Amendment.objects.get(item=first_item)
    assert accepted.target == AmendmentTarget.ITEM
    assert accepted.status == AmendmentStatus.PENDING

    # And another on the decision, which will be refused.
    client.post(
        url(past, "amendment_propose"),
        {
            "subject": f"decision-{past.decision.pk}",
            "proposed_text": "Le groupe rejette toute charte.",
        },
    )
    refused = Amendment.objects.get(decision=past.decision)

    # While proposals wait, the minutes cannot be approved.
    client.force_login(world.coordinator)
    page = client.get(url(past, "minutes")).content.decode()
    assert url(past, "amendment_decide", accepted.pk) in page
    assert "<ins>" in page  # what the proposal changes, word by word
    response = client.post(url(past, "minutes_approve"), {"comment": ""})
    assert response.status_code == 400
    with translation.override("fr"):
        waiting = translation.ngettext(
            "%(count)s proposed change still waits for an answer: accept or refuse it first.",
            "%(count)s proposed changes still wait for an answer: accept or refuse them first.",
            2,
        ) % {"count": 2}
    assert escape(waiting) in response.content.decode()
    assert not MinutesVersion.objects.exists()

    # The secretary accepts the first (the notes change) and refuses the second.
    response = client.post(url(past, "amendment_decide", accepted.pk), {"answer": "accept"})
    assert response.status_code == 302
    first_item.refresh_from_db()
    assert first_item.notes == new_notes
    response = client.post(
        url(past, "amendment_decide", refused.pk), {"answer": "refuse", "reason": "  "}
    )
    assert response.status_code == 400
    assert said("Say why the proposal is refused.") in response.content.decode()
    refused.refresh_from_db()
    assert refused.status == AmendmentStatus.PENDING
    reason = "La charte a été adoptée en séance."
    client.post(url(past, "amendment_decide", refused.pk), {"answer": "refuse", "reason": reason})
    refused.refresh_from_db()
    assert (refused.status, refused.reason, refused.decided_by) == (
        AmendmentStatus.REFUSED,
        reason,
        world.coordinator,
    )
    past.decision.refresh_from_db()
    assert past.decision.text == "Le groupe adopte le principe d'une charte commune."
    page = client.get(url(past, "minutes")).content.decode()
    assert reason in page and f'id="proposal-{refused.pk}"' in page

    # Approval freezes version 1.
    response = client.post(url(past, "minutes_approve"), {"comment": "Première version"})
    assert response.status_code == 302
    minutes = minutes_of(past)
    assert minutes.status == MinutesStatus.APPROVED
    first = MinutesVersion.objects.get(minutes=minutes, number=1)
    assert first.comment == "Première version" and first.approved_by == world.coordinator
    assert first.content["items"][0]["notes"] == new_notes
    page = client.get(url(past, "minutes")).content.decode()
    assert url(past, "minutes_new_version") in page
    assert url(past, "minutes_approve") not in page

    # Frozen: nothing of the meeting changes, and approving twice says why not.
    with pytest.raises(DomainError) as frozen:
        services.update_decision(
            actor=world.coordinator,
            decision=past.decision,
            text="Autre texte",
            status=DecisionStatus.ADOPTED,
        )
    assert frozen.value.code == "frozen"
    assert "start a new version" in frozen.value.message or "nouvelle version" in (
        frozen.value.message
    )
    response = client.post(url(past, "minutes_approve"), {"comment": ""}, follow=True)
    assert response.redirect_chain == [(url(past, "minutes"), 302)]
    assert (
        said("These minutes are already approved (version %(number)s).", number=1)
        in response.content.decode()
    )
    assert MinutesVersion.objects.filter(minutes=minutes).count() == 1
    with pytest.raises(DomainError) as twice:
        services.approve_minutes(actor=world.coordinator, meeting=meeting)
    assert twice.value.code == "approved"

    # Version 2: start it, change the notes, approve.
    response = client.post(url(past, "minutes_new_version"))
    assert response.status_code == 302
    minutes.refresh_from_db()
    assert (minutes.status, minutes.number) == (MinutesStatus.DRAFT, 2)
    second_item.refresh_from_db()
    services.update_item(
        actor=world.coordinator,
        item=second_item,
        base_version=second_item.version,
        notes="Ateliers en trois groupes, puis mise en commun en plénière.",
    )
    # The draft compared with version 1, before approval.
    page = client.get(url(past, "compare")).content.decode()
    assert said("%(number)s (current draft)", number=2) in page
    assert '<span class="visually-hidden">' + said("added:") + " </span>trois" in page
    client.post(url(past, "minutes_approve"), {"comment": "Ateliers précisés"})
    minutes.refresh_from_db()
    assert (minutes.status, minutes.number) == (MinutesStatus.APPROVED, 2)
    assert MinutesVersion.objects.filter(minutes=minutes).count() == 2

    # The list of versions, and the comparison of 1 with 2.
    page = client.get(url(past, "versions")).content.decode()
    assert "Ateliers précisés" in page and "Première version" in page
    assert url(past, "version_docx", 1) in page
    response = client.get(url(past, "compare") + "?old=1&new=2")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="comparison"' in page
    assert '<span class="visually-hidden">' + said("removed:") + " </span>petits" in page
    assert '<span class="visually-hidden">' + said("added:") + " </span>trois" in page

    # Version 1 stays as it was approved: its page and its DOCX have the old text.
    page = client.get(url(past, "version", 1)).content.decode()
    assert "Ateliers en petits groupes, puis mise en commun." in page
    assert "Ateliers en trois groupes" not in page
    response = client.get(url(past, "version_docx", 1))
    assert response["Content-Type"] == DOCX
    text = docx_text(response.content)
    assert "Ateliers en petits groupes" in text and "trois groupes" not in text
    text = docx_text(client.get(url(past, "version_docx", 2)).content)
    assert "Ateliers en trois groupes" in text


def test_a_failed_proposal_keeps_what_was_typed(client, world, past):
    Minutes.objects.filter(pk=past.minutes.pk).update(status=MinutesStatus.SUBMITTED)
    client.force_login(world.member)
    typed = "Je voulais ajouter une phrase sur les moyens."
    response = client.post(
        url(past, "amendment_propose"),
        {"subject": f"item-{past.items[0].pk}", "comment": typed, "proposed_text": ""},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert said("Write the text you propose.") in page
    assert typed in page
    assert not Amendment.objects.exists()


def test_proposals_only_while_submitted(client, world, past):
    client.force_login(world.member)
    page = client.get(url(past, "minutes")).content.decode()
    assert url(past, "amendment_propose") not in page
    response = client.post(
        url(past, "amendment_propose"), {"subject": "general", "comment": "Une remarque"}
    )
    assert response.status_code == 400
    assert (
        said("Changes can be proposed only while the minutes are submitted to participants.")
        in response.content.decode()
    )
    assert not Amendment.objects.exists()


def test_an_amendment_of_another_meeting_is_not_found(client, world, past):
    from .setting import build_meeting

    other = build_meeting(world, days_ahead=-10, title="Autre séance")
    proposal = Amendment.objects.create(
        minutes=other.minutes, number=1, comment="Une remarque", author=world.member
    )
    client.force_login(world.coordinator)
    response = client.post(url(past, "amendment_decide", proposal.pk), {"answer": "accept"})
    assert response.status_code == 404
    proposal.refresh_from_db()
    assert proposal.status == AmendmentStatus.PENDING


def test_compare_needs_two_versions(client, world, past):
    client.force_login(world.observer)
    response = client.get(url(past, "compare"), follow=True)
    assert response.redirect_chain[-1][0] == url(past, "versions")
    # Messages escape the apostrophe (&#x27;), {% translate %} writes it as it is.
    page = response.content.decode().replace("&#x27;", "'")
    assert fr("There is only one version of these minutes: nothing to compare.") in page
    assert fr("No version of these minutes has been approved yet.") in page


def test_compare_answers_htmx_with_the_comparison_only(client, world, past):
    services.approve_minutes(actor=world.coordinator, meeting=past.meeting)
    services.start_new_version(actor=world.coordinator, meeting=past.meeting)
    AgendaItem.objects.filter(pk=past.items[0].pk).update(notes="Un texte tout neuf.")
    client.force_login(world.member)
    response = htmx_get(client, url(past, "compare") + "?old=1&new=brouillon")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.startswith('<div id="comparison"')
    assert "<html" not in page
    assert "neuf." in page


# ------------------------------------------------------------------------ permissions


def test_the_facilitator_who_does_not_keep_the_minutes_cannot_approve(client, world, past):
    client.force_login(world.facilitator)
    assert client.post(url(past, "minutes_approve"), {"comment": ""}).status_code == 403
    assert client.post(url(past, "minutes_submit")).status_code == 403
    assert minutes_of(past).status == MinutesStatus.DRAFT
    page = client.get(url(past, "minutes")).content.decode()
    assert url(past, "minutes_approve") not in page


def test_a_member_proposes_an_observer_does_not(client, world, past):
    Minutes.objects.filter(pk=past.minutes.pk).update(status=MinutesStatus.SUBMITTED)
    data = {"subject": "general", "comment": "Merci pour ce compte-rendu."}
    client.force_login(world.observer)
    page = client.get(url(past, "minutes")).content.decode()
    assert "Chaque organisation présente" in page
    assert url(past, "amendment_propose") not in page
    assert client.post(url(past, "amendment_propose"), data).status_code == 403
    assert not Amendment.objects.exists()
    client.force_login(world.member)
    assert client.post(url(past, "amendment_propose"), data).status_code == 302
    proposal = Amendment.objects.get()
    assert (proposal.author, proposal.target) == (world.member, AmendmentTarget.GENERAL)
    # The member cannot answer proposals.
    response = client.post(url(past, "amendment_decide", proposal.pk), {"answer": "accept"})
    assert response.status_code == 403


def test_a_coordinator_who_is_not_the_secretary_keeps_the_minutes_too(client, world, past):
    Meeting.objects.filter(pk=past.meeting.pk).update(secretary=world.member)
    client.force_login(world.coordinator)
    assert client.post(url(past, "minutes_approve"), {"comment": ""}).status_code == 302
    assert minutes_of(past).status == MinutesStatus.APPROVED


def test_the_secretary_keeps_the_minutes_whatever_their_role(client, world, past):
    Meeting.objects.filter(pk=past.meeting.pk).update(secretary=world.member)
    client.force_login(world.member)
    assert client.post(url(past, "minutes_approve"), {"comment": ""}).status_code == 302
    assert MinutesVersion.objects.filter(minutes=past.minutes, number=1).exists()


# -------------------------------------------------------------------------- documents


@pytest.mark.parametrize(
    ("name", "content_type", "read"),
    [
        ("minutes_docx", DOCX, docx_text),
        ("minutes_odt", ODT, odt_text),
        ("minutes_pdf", PDF, pdf_text),
    ],
)
def test_downloads_of_the_draft(client, world, setting, name, content_type, read):
    client.force_login(world.observer)
    response = client.get(url(setting, name))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    extension = name.rsplit("_", 1)[1]
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    from maillage.meetings.minutes import build_content

    assert documents.filename(build_content(setting.meeting), extension) in disposition
    text = words(read(response.content))
    assert "Tour de table" in text
    assert "Notre raison d" in text


@pytest.mark.parametrize(
    ("name", "content_type", "read"),
    [
        ("version_docx", DOCX, docx_text),
        ("version_odt", ODT, odt_text),
        ("version_pdf", PDF, pdf_text),
    ],
)
def test_downloads_of_an_approved_version(client, world, past, name, content_type, read):
    services.approve_minutes(actor=world.coordinator, meeting=past.meeting)
    content = MinutesVersion.objects.get(minutes=past.minutes, number=1).content
    client.force_login(world.member)
    response = client.get(url(past, name, 1))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    extension = name.rsplit("_", 1)[1]
    filename = documents.filename(content, extension)
    assert filename.endswith(f"-v1.{extension}")
    assert filename in response["Content-Disposition"]
    assert "Tour de table" in words(read(response.content))
    assert client.get(url(past, name, 2)).status_code == 404


def test_the_approved_minutes_download_their_snapshot(client, world, past):
    """Once approved, the page and the documents are the frozen snapshot, not the
    meeting as the database holds it now."""
    services.approve_minutes(actor=world.coordinator, meeting=past.meeting)
    # A change behind the services' back is not what was approved.
    Decision.objects.filter(pk=past.decision.pk).update(text="Texte changé en douce.")
    client.force_login(world.member)
    page = client.get(url(past, "minutes")).content.decode()
    assert "charte commune" in page and "changé en douce" not in page
    text = docx_text(client.get(url(past, "minutes_docx")).content)
    assert "charte commune" in text and "changé en douce" not in text
