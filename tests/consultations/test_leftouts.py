"""What the consultation module lacked: rounds that open and close by themselves on their
dates and can be changed before they open; themes deleted and reordered; a folded
duplicate unfolded; at most one open round per consultation, held by the database."""

import datetime
import re

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext, ngettext

from maillage.audit.models import AuditEvent
from maillage.consultations import services
from maillage.consultations.models import Note, Round, RoundKind, RoundStatus, Theme
from maillage.core import periodic
from maillage.core.errors import DomainError

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
DAY = datetime.timedelta(days=1)


def fr(message, **values):
    with translation.override("fr"):
        text = gettext(message)
    return escape(text % values if values else text)


def at(day):
    """Noon of ``day`` in the site's time zone, as the periodic job gets it."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def statuses(consultation):
    return dict(consultation.rounds.values_list("number", "status"))


def board_url(w):
    return reverse("consultations:theme_board", args=[w.collective.slug, w.workshop.group.pk])


def theme_url(w, name, theme):
    return reverse(f"consultations:{name}", args=[w.collective.slug, theme.group_id, theme.pk])


def note_url(w, name, note):
    return reverse(f"consultations:{name}", args=[w.collective.slug, note.group_id, note.pk])


def round_url(w, name, number=2):
    return reverse(
        f"consultations:{name}", args=[w.collective.slug, w.workshop.consultation.pk, number]
    )


# ------------------------------------------------------------ rounds on their dates


@pytest.fixture
def dated(workshop, world):
    """Round 1 (contributions) open until the 10th of March; round 2 (votes, with a
    statement) planned from the 11th to the 20th."""
    consultation = workshop.consultation
    first, second = consultation.rounds.order_by("number")
    Round.objects.filter(pk=first.pk).update(ends_on=datetime.date(2027, 3, 10))
    services.update_round(
        actor=world.facilitator,
        round_=second,
        title=second.title,
        kind=second.kind,
        starts_on=datetime.date(2027, 3, 11),
        ends_on=datetime.date(2027, 3, 20),
    )
    services.add_statement(
        actor=world.facilitator, consultation=consultation, text="Se loger", rounds=[second]
    )
    return workshop


def test_the_job_is_registered_with_the_periodic_jobs():
    assert periodic.JOBS["consultations.rounds_on_their_dates"] is (
        services.open_and_close_due_rounds
    )


def test_rounds_open_and_close_on_their_dates_once_through_the_same_services(dated):
    consultation = dated.consultation
    assert services.open_and_close_due_rounds(now=at(datetime.date(2027, 3, 10))) == {
        "opened": 0,
        "closed": 0,
    }
    assert statuses(consultation) == {1: RoundStatus.OPEN, 2: RoundStatus.PLANNED}
    # The 11th: round 1's last day has passed, round 2's first day has come.
    assert services.open_and_close_due_rounds(now=at(datetime.date(2027, 3, 11))) == {
        "opened": 1,
        "closed": 1,
    }
    assert statuses(consultation) == {1: RoundStatus.CLOSED, 2: RoundStatus.OPEN}
    # Run again (two ticks, two workers): nothing changes, nothing is logged twice.
    assert services.open_and_close_due_rounds(now=at(datetime.date(2027, 3, 11))) == {
        "opened": 0,
        "closed": 0,
    }
    logged = AuditEvent.objects.filter(
        action__in=["consultations.round_opened", "consultations.round_closed"],
        object_id__in=[str(pk) for pk in consultation.rounds.values_list("pk", flat=True)],
        actor=None,
    )
    assert sorted(logged.values_list("action", flat=True)) == [
        "consultations.round_closed",
        "consultations.round_opened",
    ]
    assert {event.collective for event in logged} == {consultation.collective}
    # The 21st: round 2 closes; a closed round never opens again.
    services.open_and_close_due_rounds(now=at(datetime.date(2027, 3, 21)))
    assert statuses(consultation) == {1: RoundStatus.CLOSED, 2: RoundStatus.CLOSED}


def test_a_round_not_ready_stays_planned_and_rounds_go_in_order(dated, world):
    consultation = dated.consultation
    second = consultation.rounds.get(number=2)
    second.statements.clear()  # a vote round without statements cannot open
    services.open_and_close_due_rounds(now=at(datetime.date(2027, 3, 12)))
    assert statuses(consultation) == {1: RoundStatus.CLOSED, 2: RoundStatus.PLANNED}
    # A later round already started: an earlier planned one no longer opens by itself.
    third = services.add_round(
        actor=world.facilitator, consultation=consultation, title="Lire", kind=RoundKind.READ
    )
    services.open_round(actor=world.facilitator, round_=third)
    services.add_statement(
        actor=world.facilitator, consultation=consultation, text="Se loger", rounds=[second]
    )
    services.open_and_close_due_rounds(now=at(datetime.date(2027, 3, 13)))
    assert statuses(consultation)[2] == RoundStatus.PLANNED
    assert statuses(consultation)[3] == RoundStatus.OPEN


def test_a_closed_consultation_opens_no_round(dated, world):
    services.close_consultation(
        actor=world.facilitator, consultation=dated.consultation, conclusions="Fini."
    )
    services.open_and_close_due_rounds(now=at(datetime.date(2027, 3, 12)))
    assert statuses(dated.consultation)[2] == RoundStatus.PLANNED


def test_the_database_holds_one_open_round_per_consultation(workshop):
    second = workshop.consultation.rounds.get(number=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        Round.objects.filter(pk=second.pk).update(status=RoundStatus.OPEN)


# --------------------------------------------------------- a round changed before it opens


def test_a_planned_round_is_changed_and_the_change_is_logged(client, world, workshop):
    client.force_login(world.facilitator)
    url = round_url(world, "round_edit")
    page = client.get(url).content.decode()
    assert f'action="{url}"' in page and fr("Change the round") in page
    detail = client.get(round_url(world, "round")).content.decode()
    assert f'href="{url}"' in detail
    rounds = reverse("consultations:rounds", args=[world.collective.slug, workshop.consultation.pk])
    listed = client.get(rounds).content.decode()
    assert f'href="{url}"' in listed
    assert f'href="{round_url(world, "round_edit", number=1)}"' not in listed  # open
    data = {"title": "", "kind": RoundKind.RATE, "starts_on": "2027-03-11"}
    response = client.post(url, data)
    assert response.status_code == 400  # nothing typed is lost
    assert 'value="2027-03-11"' in response.content.decode()
    data["title"] = "Noter de 1 à 9"
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == round_url(world, "round")
    changed = workshop.consultation.rounds.get(number=2)
    assert (changed.title, changed.kind, changed.starts_on) == (
        "Noter de 1 à 9",
        RoundKind.RATE,
        datetime.date(2027, 3, 11),
    )
    event = AuditEvent.objects.get(action="consultations.round_changed")
    assert event.after["title"] == "Noter de 1 à 9" and event.after["starts_on"] == "2027-03-11"


def test_an_open_round_can_no_longer_be_changed(client, world, workshop):
    client.force_login(world.facilitator)
    url = round_url(world, "round_edit", number=1)  # round 1 is open
    message = fr("This round has already opened: it can no longer be changed.")
    response = client.get(url, follow=True)
    assert message in response.content.decode()
    assert f'href="{url}"' not in client.get(round_url(world, "round", 1)).content.decode()
    response = client.post(url, {"title": "Autre", "kind": RoundKind.CONTRIBUTE}, follow=True)
    assert message in response.content.decode()
    assert workshop.consultation.rounds.get(number=1).title != "Autre"
    with pytest.raises(DomainError):
        services.update_round(
            actor=world.facilitator,
            round_=workshop.consultation.rounds.get(number=1),
            title="Autre",
            kind=RoundKind.CONTRIBUTE,
        )


# ----------------------------------------------------------- deleting and ordering themes


@pytest.fixture
def themes(workshop, world):
    made = [
        services.create_theme(actor=world.facilitator, group=workshop.group, title=title)
        for title in ("Logement", "Travail", "Famille")
    ]
    services.move_note(
        actor=world.facilitator, note=workshop.notes[0], theme=made[0], base_version=1
    )
    services.mark_duplicate(
        actor=world.facilitator, note=workshop.notes[1], original=workshop.notes[0]
    )
    return made


def test_deleting_a_theme_puts_its_notes_back_among_the_unsorted(client, world, workshop, themes):
    client.force_login(world.facilitator)
    board = client.get(board_url(world)).content.decode()
    url = theme_url(world, "theme_delete", themes[0])
    assert f'action="{url}"' in board
    response = client.post(url, {"version": themes[0].version})
    assert response.status_code == 302
    assert not Theme.objects.filter(pk=themes[0].pk).exists()
    notes = Note.objects.filter(pk__in=[workshop.notes[0].pk, workshop.notes[1].pk])
    assert {note.theme_id for note in notes} == {None}  # the duplicate goes along
    assert notes.get(pk=workshop.notes[1].pk).duplicate_of_id == workshop.notes[0].pk
    event = AuditEvent.objects.get(action="consultations.theme_deleted")
    assert event.before["title"] == "Logement" and event.after["notes"] == 2
    assert event.collective == workshop.consultation.collective
    message = fr(
        ngettext(
            "The theme “%(title)s” is deleted; its note is back among the unsorted notes.",
            "The theme “%(title)s” is deleted; its %(count)s notes are back among the "
            "unsorted notes.",
            2,
        ),
        title="Logement",
        count=2,
    )
    assert message in client.get(board_url(world)).content.decode()


def test_deleting_a_theme_changed_meanwhile_is_refused(client, world, themes):
    client.force_login(world.facilitator)
    stale = themes[1].version
    services.update_theme(
        actor=world.facilitator, theme=themes[1], title="Emploi", statement="", base_version=stale
    )
    response = client.post(theme_url(world, "theme_delete", themes[1]), {"version": stale})
    assert response.status_code == 409
    assert Theme.objects.filter(pk=themes[1].pk).exists()


def test_themes_move_left_and_right_with_and_without_htmx(client, world, workshop, themes):
    client.force_login(world.facilitator)

    def order():
        return list(workshop.group.themes.order_by("order", "pk").values_list("title", flat=True))

    url = theme_url(world, "theme_move", themes[2])
    board = client.get(board_url(world)).content.decode()
    first_column = board[board.index(f'id="theme-{themes[0].pk}"') :]
    first_column = first_column[: first_column.index("</header>")]
    assert 'value="up"' not in first_column and 'value="down"' in first_column
    assert client.post(url, {"direction": "up"}).status_code == 302
    assert order() == ["Logement", "Famille", "Travail"]
    response = client.post(url, {"direction": "up"}, headers=HTMX)
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith('<div id="board"')
    assert order() == ["Famille", "Logement", "Travail"]
    client.post(url, {"direction": "up"})  # the first stays first
    assert order() == ["Famille", "Logement", "Travail"]
    assert client.post(url, {"direction": "sideways"}).status_code == 400
    assert AuditEvent.objects.filter(action="consultations.theme_moved").count() == 2
    # The board shows the columns in that order.
    board = client.get(board_url(world)).content.decode()
    titles = re.findall(r"<span data-column-title>([^<]+)</span>", board)
    assert titles[1:] == ["Famille", "Logement", "Travail"]


# ------------------------------------------------------------- unfolding a duplicate


def test_a_folded_duplicate_is_unfolded(client, world, workshop, themes):
    client.force_login(world.facilitator)
    folded = workshop.notes[1]
    url = note_url(world, "note_unfold", folded)
    board = client.get(board_url(world)).content.decode()
    assert f'action="{url}"' in board
    folded.refresh_from_db()
    response = client.post(url, {"version": folded.version}, headers=HTMX)
    assert response.status_code == 200
    folded.refresh_from_db()
    assert folded.duplicate_of_id is None and folded.theme_id == themes[0].pk
    assert f'id="note-{folded.pk}"' in response.content.decode()  # its own card again
    event = AuditEvent.objects.get(action="consultations.note_unfolded")
    assert event.before["same_as"] == str(workshop.notes[0])
    # Unfolding it again: refused with a message, nothing changes.
    response = client.post(url, {"version": folded.version})
    assert response.status_code == 400
    assert fr("This note is not folded under another one.") in response.content.decode()
