"""The mechanics every app's services share (core.changes, audit.log_action)."""

from types import SimpleNamespace

import pytest
from django.db import transaction

from maillage.audit.models import AuditEvent
from maillage.audit.services import log_action
from maillage.core.changes import clean_line, collective_of, lock_at_version
from maillage.core.errors import ConflictError, DomainError
from maillage.governance.models import GovernanceText

from .factories import (
    ConsultationFactory,
    GovernanceTextFactory,
    NoteFactory,
    QuestionFactory,
    UserFactory,
)


def test_clean_line_puts_text_on_one_line_and_keeps_no_break_spaces():
    assert clean_line("  Pourquoi\n sommes-nous\tlà\u00a0?  ") == "Pourquoi sommes-nous là\u00a0?"


def test_clean_line_refuses_empty_text_with_the_given_message_on_the_field():
    with pytest.raises(DomainError) as refused:
        clean_line(" \n ", field="title", empty_message="Give it a title.")
    assert (refused.value.message, refused.value.field) == ("Give it a title.", "title")
    assert clean_line("   ") == ""  # without a message, empty is allowed


def test_clean_line_refuses_a_text_too_long_and_says_by_how_much():
    with pytest.raises(DomainError) as refused:
        clean_line("x" * 12, field="title", max_length=10)
    assert "10" in refused.value.message and "12" in refused.value.message
    assert refused.value.field == "title"


@pytest.mark.django_db(transaction=True)
def test_lock_at_version_refuses_to_run_outside_a_transaction():
    text = GovernanceTextFactory()
    with pytest.raises(RuntimeError, match="transaction"):
        lock_at_version(GovernanceText, text.pk, text.version)


@pytest.mark.django_db(transaction=True)
def test_lock_at_version_returns_the_row_or_refuses_a_stale_version():
    text = GovernanceTextFactory()
    with transaction.atomic():
        assert lock_at_version(GovernanceText, text.pk, text.version).pk == text.pk
        assert lock_at_version(GovernanceText.objects.all(), text.pk, None).pk == text.pk
    with pytest.raises(ConflictError) as refused, transaction.atomic():
        lock_at_version(GovernanceText, text.pk, text.version + 1, message="Changed meanwhile.")
    assert refused.value.message == "Changed meanwhile." and refused.value.code == "conflict"


@pytest.mark.django_db(transaction=True)
def test_lock_at_version_gives_a_callable_message_the_row_changed_meanwhile():
    text = GovernanceTextFactory(title="Charte")
    with pytest.raises(ConflictError) as refused, transaction.atomic():
        lock_at_version(
            GovernanceText, text.pk, text.version + 1, message=lambda row: f"{row.title} changed."
        )
    assert refused.value.message == "Charte changed."
    asked = []
    with transaction.atomic():  # the message is not asked for when nothing changed
        lock_at_version(GovernanceText, text.pk, text.version, message=asked.append)
    assert asked == []


@pytest.mark.django_db
def test_collective_of_follows_the_parents_of_an_object():
    consultation = ConsultationFactory()
    note = NoteFactory(question=QuestionFactory(consultation=consultation))
    assert collective_of(consultation.collective) == consultation.collective
    assert collective_of(consultation) == consultation.collective
    assert collective_of(UserFactory()) is None
    assert collective_of(note) == consultation.collective


@pytest.mark.django_db
def test_log_action_finds_the_collective_unless_told_there_is_none():
    consultation = ConsultationFactory()
    actor = UserFactory()
    found = log_action(actor=actor, action="consultations.updated", obj=consultation)
    assert found.collective == consultation.collective
    told = log_action(
        actor=actor, action="consultations.updated", obj=consultation, collective=None
    )
    assert told.collective is None
    assert AuditEvent.objects.count() == 2


@pytest.mark.django_db
def test_collective_of_skips_an_empty_link_and_follows_the_next():
    """An amendment's decision is often empty: its collective is found through its
    minutes' meeting, not lost on the empty link."""
    consultation = ConsultationFactory()
    meta = SimpleNamespace(label_lower="meetings.amendment")
    amendment = SimpleNamespace(
        _meta=meta, decision_id=None, decision=None, consultation_id=1, consultation=consultation
    )
    assert collective_of(amendment) == consultation.collective
