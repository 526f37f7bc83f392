"""What a person may ask for on the result page: a PDF, an e-mail, a code for a social
worker, saying whether the result fits; and the professional's page for the code."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from maillage.audit.models import AuditEvent
from maillage.collectives.models import Visibility
from maillage.core.periodic import JOBS
from maillage.orientation import matching, services_questionnaire
from maillage.orientation.models import FeedbackCount, HandoverCode

from .questionnaire_helpers import Walker, errors, row_counts
from .setting_questionnaire import build_catalogue
from .test_questionnaire import QUALIFE_PERSON


@pytest.fixture
def finished(client, world):
    """An anonymous person, in English, on the result page of a catalogue outside Geneva."""
    world.collective.visibility = Visibility.PUBLIC
    world.collective.region = "74"
    world.collective.save()
    matching.forget_compiled_rules()
    build_catalogue(world.collective, world.organisation)
    client.cookies["django_language"] = "en"
    walker = Walker(client, world.collective).start()
    walker.run(QUALIFE_PERSON)
    assert "Your result" in walker.content
    return walker


def pdf_text(content):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_pdf_says_what_the_page_says(finished):
    response = finished.client.post(finished.url("questionnaire_pdf"), {"state": finished.state})
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "What you may be eligible for" in text
    assert "Qualife 50+" in text and "Accueil Qualife" in text
    assert "Be aged 50 to 64" in text
    assert "How old are you? 55 years" in text


def test_a_forged_state_gets_no_pdf(finished):
    response = finished.client.post(finished.url("questionnaire_pdf"), {"state": "x:y"})
    assert response["Content-Type"].startswith("text/html")
    assert "Your answers could not be read back" in response.content.decode()


def test_the_result_is_e_mailed_at_once_and_the_address_kept_nowhere(finished):
    before = row_counts()
    finished.post("questionnaire_email", {"email": "lea@example.org"})
    assert "The result was sent to lea@example.org" in finished.content
    (message,) = mail.outbox
    assert message.to == ["lea@example.org"]
    assert "Qualife 50+" in message.body
    assert message.attachments[0][0] == "orientation.pdf"
    after = row_counts()
    # Only the rate limit's counter (a keyed hash of the network address) was added.
    changed = {label for label in after if after[label] != before[label]}
    assert changed <= {"core.LimitCounter"}
    assert not any(
        "lea@example.org" in str(row) for row in HandoverCode.objects.values_list("answers")
    )
    # The result page is still there, with its answers.
    assert "Qualife 50+" in finished.content


def test_a_wrong_address_is_refused_and_kept(finished):
    finished.post("questionnaire_email", {"email": "lea@"})
    assert errors(finished) == [
        "This e-mail address is not complete. For example: name@example.org."
    ]
    assert 'value="lea@"' in finished.content
    assert not mail.outbox


def test_too_many_e_mails_from_one_connection_are_refused(finished, settings):
    settings.ORIENTATION_RESULT_EMAILS_PER_IP = 1
    finished.post("questionnaire_email", {"email": "lea@example.org"})
    finished.post("questionnaire_email", {"email": "lea@example.org"})
    assert "Too many e-mails from your connection" in finished.content
    assert len(mail.outbox) == 1


def test_a_hand_over_code_keeps_the_answers_for_a_professional(client, finished, world):
    finished.post("questionnaire_handover", {})
    handover = HandoverCode.objects.get()
    shown = services_questionnaire.show_code(handover.code)
    assert shown in finished.content
    assert handover.collective == world.collective
    assert handover.answers["answers"]["fact:age"] == 55
    assert handover.answers["trail"][:2] == ["fact:age", "fact:residence"]
    assert {"key": str(world.collective.structures.get(name="Fondation Qualife").offers.get().uuid),
            "name": "Qualife 50+", "outcome": "eligible"} in handover.result  # fmt: skip
    kept = handover.expires_at - handover.created_at
    assert abs(kept - timedelta(days=30)) < timedelta(minutes=1)

    # The member of a member structure reads it, typing the code as people do.
    client.force_login(world.member)
    url = reverse("orientation:handover", args=[world.collective.slug])
    response = client.post(url, {"code": shown.lower().replace("-", " ")})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Qualife 50+" in content and "Quel âge avez-vous\u00a0?" in content
    event = AuditEvent.objects.get(action="orientation.handover_read")
    assert event.actor == world.member and handover.code not in event.object_repr


def test_a_code_is_for_its_collective_only(client, finished, world):
    finished.post("questionnaire_handover", {})
    code = HandoverCode.objects.get().code
    client.force_login(world.outsider)
    url = reverse("orientation:handover", args=[world.other.slug])
    assert client.post(url, {"code": code}).status_code == 403  # not a professional there
    client.force_login(world.facilitator)  # a member, but of no member structure
    url = reverse("orientation:handover", args=[world.collective.slug])
    assert client.post(url, {"code": code}).status_code == 403


def test_a_wrong_or_expired_code_says_so(client, finished, english, world):
    finished.post("questionnaire_handover", {})
    handover = HandoverCode.objects.get()
    client.force_login(world.coordinator)
    client.cookies["django_language"] = "en"
    url = reverse("orientation:handover", args=[world.collective.slug])
    content = client.post(url, {"code": "ABCD-EFG"}).content.decode()
    assert "A code has 8 letters and digits" in content
    other = "ABCD2345" if handover.code != "ABCD2345" else "ABCD2346"
    content = client.post(url, {"code": other}).content.decode()
    assert "No questionnaire was handed over with this code." in content
    handover.expires_at = timezone.now() - timedelta(seconds=1)
    handover.save()
    content = client.post(url, {"code": handover.code}).content.decode()
    assert "This code has expired" in content
    assert "Qualife 50+" not in content


def test_expired_codes_are_erased_by_the_periodic_job(finished):
    finished.post("questionnaire_handover", {})
    finished.post("questionnaire_handover", {})
    old, recent = HandoverCode.objects.order_by("pk")
    old.expires_at = timezone.now() - timedelta(minutes=1)
    old.save()
    assert JOBS["orientation.erase_handover_codes"]() == 1
    assert list(HandoverCode.objects.all()) == [recent]


def test_does_it_match_is_counted_and_nothing_else(finished, world):
    before = row_counts()
    finished.post("questionnaire_feedback", {"answer": "partly"})
    assert "Thank you. Your answer is counted" in finished.content
    finished.post("questionnaire_feedback", {"answer": "partly"})
    finished.post("questionnaire_feedback", {"answer": "yes"})
    counts = {
        (row.answer, row.count) for row in FeedbackCount.objects.filter(collective=world.collective)
    }
    assert counts == {("partly", 2), ("yes", 1)}
    after = row_counts()
    assert {label for label in after if after[label] != before[label]} == {
        "orientation.FeedbackCount"
    }


def test_does_it_match_needs_an_answer(finished):
    finished.post("questionnaire_feedback", {})
    assert errors(finished) == ["Choose an answer."]
    assert not FeedbackCount.objects.exists()
