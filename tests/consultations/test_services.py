"""The consultations' state changes (services.py): what they keep, what they refuse."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from maillage.audit.models import AuditEvent
from maillage.consultations import services
from maillage.consultations.models import (
    Commitment,
    Note,
    Participant,
    QuestionKind,
    RoundKind,
    RoundStatus,
    Vote,
)
from maillage.core.errors import ConflictError, DomainError

from ..factories import CollectiveFactory, NetworkFactory, StatementFactory, ThemeFactory


def test_a_spiral_consultation_starts_with_its_questions_grid_and_rounds(world):
    consultation = services.create_consultation(
        actor=world.facilitator, collective=world.collective, title="  Bien-être  ", method="spiral"
    )
    assert consultation.title == "Bien-être"
    questions = list(consultation.questions.all())
    assert [q.kind for q in questions] == ["open", "open", "pledge"]
    assert questions[0].text == "Qu'est-ce que le bien-être pour vous\u00a0?"
    assert consultation.grid_codes.filter(parent=None).count() == 8
    assert [(r.number, r.kind) for r in consultation.rounds.all()] == [
        (1, RoundKind.CONTRIBUTE),
        (2, RoundKind.AGREE),
    ]
    assert AuditEvent.objects.filter(
        action="consultations.created", object_id=str(consultation.pk)
    ).exists()


@pytest.mark.parametrize(
    ("method", "questions", "rounds"), [("dpa_pc", 4, 2), ("pride", 3, 2), ("empty", 0, 1)]
)
def test_each_method_has_its_questions(world, method, questions, rounds):
    consultation = services.create_consultation(
        actor=world.facilitator, collective=world.collective, title="Atelier", method=method
    )
    assert consultation.questions.count() == questions
    assert consultation.rounds.count() == rounds
    assert consultation.grid_codes.count() == 0


def test_a_consultation_needs_a_title_and_a_known_method(world):
    with pytest.raises(DomainError, match="Donnez un titre"):
        services.create_consultation(
            actor=world.facilitator, collective=world.collective, title="  ", method="spiral"
        )
    with pytest.raises(DomainError, match="méthodes proposées"):
        services.create_consultation(
            actor=world.facilitator, collective=world.collective, title="A", method="other"
        )


def test_a_network_consultation_needs_the_collective_in_the_network(world):
    network = NetworkFactory()
    with pytest.raises(DomainError, match="n'appartient pas à ce réseau"):
        services.create_consultation(
            actor=world.facilitator,
            collective=world.collective,
            title="SPIRAL",
            method="spiral",
            network=network,
        )
    world.collective.networks.add(network)
    consultation = services.create_consultation(
        actor=world.facilitator,
        collective=world.collective,
        title="SPIRAL",
        method="spiral",
        network=network,
    )
    territory = CollectiveFactory(name="Mulhouse")
    with pytest.raises(DomainError, match="réseau"):
        services.add_group(
            actor=world.facilitator, consultation=consultation, name="Mulhouse", territory=territory
        )
    territory.networks.add(network)
    group = services.add_group(
        actor=world.facilitator, consultation=consultation, name="Mulhouse", territory=territory
    )
    assert group.territory == territory


def test_group_names_are_unique_in_a_consultation(workshop, world):
    with pytest.raises(DomainError, match="déjà un groupe"):
        services.add_group(
            actor=world.facilitator, consultation=workshop.consultation, name="plainpalais"
        )


def test_group_facilitators_must_be_members(workshop, world):
    with pytest.raises(DomainError, match="n'est pas membre"):
        services.set_group_facilitators(
            actor=world.facilitator, group=workshop.group, facilitators=[world.outsider]
        )
    services.set_group_facilitators(
        actor=world.facilitator, group=workshop.group, facilitators=[world.member]
    )
    assert list(workshop.group.facilitators.all()) == [world.member]


def test_a_code_is_found_whatever_its_case_and_spaces(workshop):
    code = workshop.group.join_code
    assert services.find_group_by_code(f" {code[:3].lower()} {code[3:]} ") == workshop.group


def test_unknown_and_expired_codes_are_refused_clearly(workshop, world):
    with pytest.raises(DomainError, match="Aucune séance n'a ce code"):
        services.find_group_by_code("ZZZZZZ" if workshop.group.join_code != "ZZZZZZ" else "YYYYYY")
    workshop.group.code_expires_at = timezone.now() - datetime.timedelta(minutes=1)
    workshop.group.save()
    with pytest.raises(DomainError, match="a expiré"):
        services.find_group_by_code(workshop.group.join_code)
    services.close_live_session(actor=world.facilitator, group=workshop.other_group)
    with pytest.raises(DomainError, match="a expiré"):
        services.join_group(group=workshop.other_group, display_name="Late")


def test_a_member_joins_once_per_consultation(workshop, world):
    first = services.join_group(group=workshop.group, user=world.member)
    again = services.join_group(group=workshop.other_group, user=world.member)
    assert again == first and again.group == workshop.group
    with pytest.raises(IntegrityError), transaction.atomic():
        Participant.objects.create(
            consultation=workshop.consultation, group=workshop.other_group, user=world.member
        )


def test_bad_notes_are_refused_with_a_message(workshop):
    question = workshop.questions[0]
    with pytest.raises(DomainError, match="La note est vide"):
        services.post_note(participant=workshop.participant, question=question, text=" \n ")
    with pytest.raises(DomainError, match="500 caractères au plus\u00a0; celle-ci en a 501"):
        services.post_note(participant=workshop.participant, question=question, text="x" * 501)
    script = "<script>alert('x')</script>"
    note = services.post_note(participant=workshop.participant, question=question, text=script)
    assert note.text == script  # kept as typed; templates escape it
    assert workshop.group.notes.count() == 4


def test_notes_wait_for_a_contribution_round(workshop, world):
    services.close_round(actor=world.facilitator, round_=workshop.consultation.rounds.get(number=1))
    with pytest.raises(DomainError, match="ne sont pas reçues"):
        services.post_note(
            participant=workshop.participant, question=workshop.questions[0], text="Encore une idée"
        )
    assert workshop.group.notes.count() == 3


def test_paper_notes_are_all_checked_before_any_is_saved(workshop, world):
    question = workshop.questions[1]
    lines = "Le bruit\n\n" + "y" * 501 + "\nLa solitude"
    with pytest.raises(DomainError, match="La ligne 2 a 501 caractères"):
        services.enter_paper_notes(
            actor=world.facilitator, group=workshop.group, question=question, lines=lines
        )
    assert workshop.group.notes.count() == 3
    notes = services.enter_paper_notes(
        actor=world.facilitator,
        group=workshop.group,
        question=question,
        lines="Le bruit\r\n\r\nLa solitude\n",
    )
    assert [n.text for n in notes] == ["Le bruit", "La solitude"]
    assert all(n.participant is None and n.entered_by == world.facilitator for n in notes)


def test_a_correction_keeps_the_participants_words(workshop, world):
    note = workshop.notes[0]
    services.correct_note(actor=world.facilitator, note=note, text="Avoir un logement décent.")
    services.correct_note(actor=world.facilitator, note=note, text="Un logement décent")
    note.refresh_from_db()
    assert note.text == "Un logement décent"
    assert note.original_text.startswith("Avoir un logement décent et se sentir")
    assert note.version == 3


def test_moderation_needs_a_reason_and_sees_concurrent_changes(workshop, world):
    note = workshop.notes[1]
    with pytest.raises(DomainError, match="pourquoi"):
        services.hide_note(actor=world.facilitator, note=note, reason=" ")
    services.correct_note(actor=world.coordinator, note=note, text="Du temps pour les siens")
    with pytest.raises(ConflictError, match="Quelqu'un a modifié cette note"):
        services.hide_note(actor=world.facilitator, note=note, reason="Hors sujet", base_version=1)
    services.hide_note(actor=world.facilitator, note=note, reason="Hors sujet", base_version=2)
    note.refresh_from_db()
    assert note.hidden and note.text == "Du temps pour les siens"


def test_moving_notes_detects_a_second_facilitator(workshop, world):
    note = workshop.notes[0]
    housing = ThemeFactory(group=workshop.group, title="Logement", created_by=world.facilitator)
    family = ThemeFactory(group=workshop.group, title="Liens", created_by=world.facilitator)
    services.move_note(actor=world.facilitator, note=note, theme=housing, base_version=1)
    with pytest.raises(ConflictError):
        services.move_note(actor=world.coordinator, note=note, theme=family, base_version=1)
    note.refresh_from_db()
    assert note.theme == housing and note.version == 2
    elsewhere = ThemeFactory(group=workshop.other_group, created_by=world.facilitator)
    with pytest.raises(DomainError, match="thème de son propre groupe"):
        services.move_note(actor=world.facilitator, note=note, theme=elsewhere, base_version=2)


def test_duplicates_point_at_the_first_note_and_follow_its_theme(workshop, world):
    first, second, third = workshop.notes
    theme = ThemeFactory(group=workshop.group, created_by=world.facilitator)
    services.move_note(actor=world.facilitator, note=first, theme=theme, base_version=None)
    services.mark_duplicate(actor=world.facilitator, note=third, original=second)
    services.mark_duplicate(actor=world.facilitator, note=second, original=first)
    third.refresh_from_db()
    second.refresh_from_db()
    assert second.duplicate_of == first and third.duplicate_of == first
    assert second.theme == theme and third.theme == theme
    with pytest.raises(DomainError):
        services.mark_duplicate(actor=world.facilitator, note=first, original=workshop.other_note)


def test_merged_themes_keep_their_groups(workshop, world):
    a = ThemeFactory(group=workshop.group, title="Logement", created_by=world.facilitator)
    b = ThemeFactory(group=workshop.other_group, title="Habitat", created_by=world.facilitator)
    with pytest.raises(DomainError, match="au moins deux"):
        services.merge_themes(
            actor=world.facilitator, consultation=workshop.consultation, themes=[a], title="X"
        )
    merged = services.merge_themes(
        actor=world.facilitator,
        consultation=workshop.consultation,
        themes=[a, b],
        title="Se loger dignement",
    )
    assert merged.group is None
    assert {t.group.name for t in merged.sources.all()} == {"Plainpalais", "Carouge"}


def test_only_pledges_become_commitments(workshop, world):
    with pytest.raises(DomainError, match="engagements"):
        services.make_commitment(
            actor=world.facilitator,
            note=workshop.notes[0],
            text="Faire",
            due_on=timezone.localdate(),
            person=world.member,
        )
    pledge_question = workshop.consultation.questions.get(kind=QuestionKind.PLEDGE)
    pledge = services.post_note(
        participant=workshop.participant, question=pledge_question, text="Animer un repair café"
    )
    with pytest.raises(DomainError, match="déjà passée"):
        services.make_commitment(
            actor=world.facilitator,
            note=pledge,
            text="Repair café",
            due_on=timezone.localdate() - datetime.timedelta(days=1),
            person=world.member,
        )
    with pytest.raises(DomainError, match="qui s'engage"):
        services.make_commitment(
            actor=world.facilitator, note=pledge, text="Repair café", due_on=timezone.localdate()
        )
    commitment = services.make_commitment(
        actor=world.facilitator,
        note=pledge,
        text="Ouvrir un repair café à la maison de quartier",
        due_on=timezone.localdate() + datetime.timedelta(days=30),
        person_name="Alex",
    )
    assert Commitment.objects.get() == commitment


@pytest.fixture
def vote_round(workshop, world):
    statements = [
        StatementFactory(consultation=workshop.consultation, created_by=world.facilitator)
        for _ in range(2)
    ]
    round_ = workshop.consultation.rounds.get(number=2)
    services.set_round_statements(actor=world.facilitator, round_=round_, statements=statements)
    services.open_round(actor=world.facilitator, round_=round_)
    round_.refresh_from_db()
    return round_, statements


def test_opening_a_round_closes_the_open_one_and_needs_statements(workshop, world):
    empty = services.add_round(
        actor=world.facilitator,
        consultation=workshop.consultation,
        title="Notes",
        kind=RoundKind.RATE,
    )
    with pytest.raises(DomainError, match="énoncés"):
        services.open_round(actor=world.facilitator, round_=empty)
    statement = StatementFactory(consultation=workshop.consultation)
    services.set_round_statements(actor=world.facilitator, round_=empty, statements=[statement])
    services.open_round(actor=world.facilitator, round_=empty)
    statuses = dict(workshop.consultation.rounds.values_list("number", "status"))
    assert statuses == {1: RoundStatus.CLOSED, 2: RoundStatus.PLANNED, 3: RoundStatus.OPEN}


def test_a_round_cannot_end_before_it_starts(workshop, world):
    with pytest.raises(DomainError, match="finir avant"):
        services.add_round(
            actor=world.facilitator,
            consultation=workshop.consultation,
            title="Tour",
            kind=RoundKind.AGREE,
            starts_on=datetime.date(2026, 12, 10),
            ends_on=datetime.date(2026, 12, 1),
        )


def test_a_participant_changes_their_vote_until_the_round_closes(vote_round, workshop, world):
    round_, (first, second) = vote_round
    services.cast_vote(participant=workshop.participant, round_=round_, statement=first, choice=1)
    services.cast_vote(
        participant=workshop.participant, round_=round_, statement=first, choice=-1, comment="Non"
    )
    vote = Vote.objects.get()
    assert (vote.choice, vote.comment) == (-1, "Non")
    with pytest.raises(DomainError, match="d'accord, pas d'accord ou passer"):
        services.cast_vote(
            participant=workshop.participant, round_=round_, statement=second, choice="7"
        )
    services.close_round(actor=world.facilitator, round_=round_)
    with pytest.raises(DomainError, match="Ce tour est fermé"):
        services.cast_vote(
            participant=workshop.participant, round_=round_, statement=first, choice=1
        )
    assert Vote.objects.get().choice == -1


def test_the_database_keeps_one_vote_per_participant_and_statement(vote_round, workshop):
    round_, (first, _) = vote_round
    Vote.objects.create(round=round_, statement=first, participant=workshop.participant, choice=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(
            round=round_, statement=first, participant=workshop.participant, choice=0
        )


def test_only_the_groups_of_a_round_vote(vote_round, workshop):
    round_, (first, _) = vote_round
    round_.groups.set([workshop.group])
    with pytest.raises(DomainError, match="Votre groupe ne participe pas"):
        services.cast_vote(
            participant=workshop.other_participant, round_=round_, statement=first, choice=1
        )


def test_closing_needs_conclusions_and_closes_the_rounds(workshop, world):
    with pytest.raises(DomainError, match="conclusions"):
        services.close_consultation(
            actor=world.facilitator, consultation=workshop.consultation, conclusions=" "
        )
    services.close_consultation(
        actor=world.facilitator,
        consultation=workshop.consultation,
        conclusions="Un revenu de transition, testé sur deux quartiers.",
    )
    workshop.consultation.refresh_from_db()
    assert workshop.consultation.status == "closed"
    assert not workshop.consultation.rounds.filter(status=RoundStatus.OPEN).exists()
    with pytest.raises(DomainError, match="ne sont pas reçues"):
        services.post_note(
            participant=workshop.participant, question=workshop.questions[0], text="Trop tard"
        )
    assert Note.objects.count() == 4
