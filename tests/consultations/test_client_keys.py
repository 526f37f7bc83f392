"""Sending a note twice makes one note: the wall's form carries a ``client_key`` (a
fresh UUID each time it is shown), and services.post_note returns the note the key
already made for the same participant (enter_paper_notes, the notes a facilitator
typed from paper with it). A vote needs no key: it is one row per
participant, statement and round, which a retry updates to the same values."""

import re
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from maillage.consultations import services, services_live
from maillage.consultations.models import Note, Vote

from ..htmx import htmx_post
from ..threads import run_together
from .test_rounds import make_delphi
from .workshop import build_workshop

DAMAGED = "This form was damaged on its way and nothing was saved. Send it again."
KEY = re.compile(r'<input type="hidden" name="client_key" value="([0-9a-f-]{36})"')


def said(message, language="fr"):
    with translation.override(language):
        return escape(translation.gettext(message)).replace("&#x27;", "'")


def wall_url(workshop, name="wall_notes"):
    return reverse(
        f"consultations:{name}",
        args=[workshop.consultation.collective.slug, workshop.group.pk],
    )


def keys_in(response):
    return KEY.findall(response.content.decode())


@pytest.fixture
def workshop(world):
    return build_workshop(world)


@pytest.fixture
def alex(client, workshop):
    return workshop.join(client)


def note_data(workshop, key, text="Un lieu pour se retrouver"):
    data = {"question": workshop.questions[1].pk, "text": text}
    if key is not None:
        data["client_key"] = str(key)
    return data


def test_the_form_gets_a_fresh_key_each_time_it_is_shown(alex, workshop):
    first = keys_in(alex.get(wall_url(workshop, "wall")))
    second = keys_in(alex.get(wall_url(workshop, "wall")))
    assert len(first) == len(second) == 1
    assert first != second
    uuid.UUID(first[0])


def test_the_same_note_sent_twice_with_htmx_is_one_note_and_the_same_answer(alex, workshop):
    key = uuid.uuid4()
    before = Note.objects.count()
    answers = [htmx_post(alex, wall_url(workshop), note_data(workshop, key)) for _ in range(2)]
    assert Note.objects.count() == before + 1
    note = Note.objects.get(client_key=key)
    assert note.participant == workshop.participant
    for answer in answers:
        assert answer.status_code == 200
        assert answer.hx.trigger == "wall-changed"
        assert said("Your note is on the wall. Write the next idea on a new note.") in (
            answer.content.decode().replace("&#x27;", "'")
        )
        # A fresh form for the next idea: a new key, never the one just used.
        assert keys_in(answer) and keys_in(answer)[0] != str(key)

    def same(answer):
        html = answer.content.decode()
        html = re.sub(r'csrfmiddlewaretoken" value="[^"]*"', "TOKEN", html)
        return KEY.sub("KEY", html)

    assert same(answers[0]) == same(answers[1])


def test_the_same_note_sent_twice_without_javascript_leads_to_the_same_place(alex, workshop):
    key = uuid.uuid4()
    first = alex.post(wall_url(workshop), note_data(workshop, key))
    second = alex.post(wall_url(workshop), note_data(workshop, key, text="Autre chose"))
    assert first.status_code == second.status_code == 302
    note = Note.objects.get(client_key=key)
    assert first["Location"] == second["Location"]
    assert first["Location"].endswith(f"#note-{note.pk}")
    # Sent again with another text: the first note, unchanged (the first sending wins).
    assert note.text == "Un lieu pour se retrouver"
    assert not Note.objects.filter(text="Autre chose").exists()


def test_two_keys_make_two_notes_and_no_key_still_posts(alex, workshop):
    before = Note.objects.count()
    for key in (uuid.uuid4(), uuid.uuid4()):
        assert alex.post(wall_url(workshop), note_data(workshop, key)).status_code == 302
    # A page from before the keys: every sending is a note, as it always was.
    for _ in range(2):
        assert alex.post(wall_url(workshop), note_data(workshop, None)).status_code == 302
    assert Note.objects.count() == before + 4
    assert (
        Note.objects.filter(client_key__isnull=True, text="Un lieu pour se retrouver").count() == 2
    )


def test_another_participant_with_the_same_key_gets_their_own_note(workshop):
    key = uuid.uuid4()
    mine = services.post_note(
        participant=workshop.participant,
        question=workshop.questions[0],
        text="À moi",
        client_key=key,
    )
    neighbour = services.join_group(group=workshop.group, display_name="Robin")
    browser = workshop.join(Client(), neighbour)
    response = htmx_post(browser, wall_url(workshop), note_data(workshop, key, text="À Robin"))
    assert response.status_code == 200 and response.hx.trigger == "wall-changed"
    theirs = Note.objects.get(participant=neighbour)
    assert (theirs.text, theirs.client_key) == ("À Robin", key)
    assert theirs.pk != mine.pk
    mine.refresh_from_db()
    assert mine.text == "À moi"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_malformed_key_is_refused_with_its_message_and_nothing_is_written(
    alex, workshop, language
):
    before = Note.objects.count()
    response = htmx_post(
        alex,
        wall_url(workshop),
        note_data(workshop, "pas-une-clé"),
        headers={"Accept-Language": language},
    )
    assert response.status_code == 200
    html = response.content.decode().replace("&#x27;", "'")
    assert said(DAMAGED, language) in html
    assert response.hx.trigger is None
    assert Note.objects.count() == before
    # The form shown again keeps the text and gets a valid key to send it again.
    assert "Un lieu pour se retrouver" in html
    uuid.UUID(keys_in(response)[0])
    assert said(DAMAGED, "en" if language == "fr" else "fr") not in html


def test_a_form_shown_again_with_an_error_keeps_its_key(alex, workshop):
    key = uuid.uuid4()
    response = htmx_post(alex, wall_url(workshop), note_data(workshop, key, text="   "))
    assert said("The note is empty: write one idea on it.") in response.content.decode().replace(
        "&#x27;", "'"
    )
    assert keys_in(response) == [str(key)]
    assert not Note.objects.filter(client_key=key).exists()
    htmx_post(alex, wall_url(workshop), note_data(workshop, key))
    assert Note.objects.filter(client_key=key).count() == 1


def test_a_retry_after_the_round_closed_finds_its_note(world, workshop):
    key = uuid.uuid4()
    arguments = {
        "participant": workshop.participant,
        "question": workshop.questions[0],
        "text": "Tard",
        "client_key": key,
    }
    note = services.post_note(**arguments)
    services.close_round(actor=world.facilitator, round_=workshop.consultation.active_round())
    assert services.post_note(**arguments) == note


def test_the_sending_that_loses_the_race_returns_the_winners_note(workshop, monkeypatch):
    """The key was free when looked up, and the winner's note came before the insert:
    the constraint refuses the second row and the service answers the winner's note."""
    key = uuid.uuid4()
    winner = Note.objects.create(
        group=workshop.group,
        question=workshop.questions[0],
        participant=workshop.participant,
        text="Premier",
        client_key=key,
    )
    real, calls = services_live._note_by_key, []

    def looked_up_before_the_winner(*args):
        calls.append(args)
        return None if len(calls) == 1 else real(*args)

    monkeypatch.setattr(services_live, "_note_by_key", looked_up_before_the_winner)
    note = services.post_note(
        participant=workshop.participant,
        question=workshop.questions[0],
        text="Deux",
        client_key=key,
    )
    assert note == winner
    assert Note.objects.filter(client_key=key).count() == 1
    assert len(calls) == 2  # before the insert, then after the constraint refused it


@pytest.mark.django_db(transaction=True)
def test_the_same_note_sent_at_once_by_ten_threads_is_one_note(world):
    workshop = build_workshop(world)
    key = uuid.uuid4()

    def send():
        return services.post_note(
            participant=workshop.participant,
            question=workshop.questions[0],
            text="En même temps",
            client_key=key,
        ).pk

    results, errors = run_together([send] * 10, threads=10)
    assert errors == []
    assert len(set(results)) == 1
    assert Note.objects.filter(client_key=key).count() == 1


# ------------------------------------------------------------------------ paper notes


def paper_data(workshop, key, lines="Sur papier\nUne autre"):
    data = {"question": workshop.questions[2].pk, "lines": lines}
    if key is not None:
        data["client_key"] = str(key)
    return data


def test_a_page_of_paper_notes_sent_twice_adds_them_once(client, world, workshop):
    from maillage.audit.models import AuditEvent

    client.force_login(world.facilitator)
    paper = wall_url(workshop, "paper")
    assert len(keys_in(client.get(paper))) == 1
    key = uuid.uuid4()
    first = client.post(paper, paper_data(workshop, key))
    again = client.post(paper, paper_data(workshop, key, lines="Autre chose"))
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"]
    entered = Note.objects.filter(entered_by=world.facilitator).order_by("pk")
    assert [(note.text, note.client_key) for note in entered] == [
        ("Sur papier", key),
        ("Une autre", key),
    ]
    assert AuditEvent.objects.filter(action="consultations.paper_notes").count() == 1
    # Another key, or none (an old page): added again, as typed.
    client.post(paper, paper_data(workshop, uuid.uuid4()))
    client.post(paper, paper_data(workshop, None))
    assert Note.objects.filter(entered_by=world.facilitator).count() == 6


@pytest.mark.django_db(transaction=True)
def test_the_same_paper_page_sent_at_once_by_five_threads_adds_it_once(world):
    workshop = build_workshop(world)
    key = uuid.uuid4()

    def send():
        notes = services.enter_paper_notes(
            actor=world.facilitator,
            group=workshop.group,
            question=workshop.questions[0],
            lines="Un\nDeux",
            client_key=key,
        )
        return tuple(note.pk for note in notes)

    results, errors = run_together([send] * 5, threads=5)
    assert errors == []
    assert len(set(results)) == 1
    assert Note.objects.filter(client_key=key).count() == 2


# ------------------------------------------------------------------------------ votes


def test_a_vote_sent_twice_changes_nothing_with_or_without_javascript(client, world, workshop):
    """A vote is one row per participant, statement and round (a constraint): sent
    again, it is updated to the same values, so it needs no key."""
    delphi = make_delphi(world, workshop)
    statement = delphi.statements[0]
    browser = workshop.join(client)
    data = {"statement": statement.pk, "choice": "-1", "comment": "Trop tôt"}
    plain = [browser.post(delphi.url("vote"), data) for _ in range(2)]
    assert plain[0].status_code == plain[1].status_code == 302
    assert plain[0]["Location"] == plain[1]["Location"]
    vote = Vote.objects.get()
    assert (vote.participant, vote.choice, vote.comment) == (workshop.participant, -1, "Trop tôt")
    swapped = [htmx_post(browser, delphi.url("vote"), data) for _ in range(2)]
    assert swapped[0].status_code == swapped[1].status_code == 200
    assert Vote.objects.count() == 1
    again = Vote.objects.get()
    assert (again.pk, again.choice, again.comment) == (vote.pk, -1, "Trop tôt")
