"""A group's live session: the wall, its polling, privacy, moderation, the projection
screen, paper entry and the mood check (maillage/consultations/views_live.py).

The personas of ``world`` are never participants: ``workshop.join(client)`` makes a
browser Alex's (an anonymous participant of "Plainpalais").
"""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from maillage.collectives.models import Visibility
from maillage.consultations import services
from maillage.consultations.models import Mood, Note, RoundStatus
from maillage.consultations.views_screen import qr_svg
from maillage.core.errors import ConflictError

from ..htmx import htmx_post, post_form

LOGIN = "/comptes/connexion/"
SCRIPT = "<script>alert('pwned')</script> & <b>gras</b>"


def fr(message, **values):
    """``message`` as the French interface shows it in a page (from the same catalogues).

    Pages write an apostrophe either as is or as &#x27; (escaped): both are compared
    as the apostrophe itself (see ``page``)."""
    with translation.override("fr"):
        text = translation.gettext(message)
    return escape(text % values if values else text).replace("&#x27;", "'")


def fr_plural(singular, plural, count):
    with translation.override("fr"):
        text = translation.ngettext(singular, plural, count) % {"count": count}
    return escape(text).replace("&#x27;", "'")


def url(name, workshop, *extra, group=None):
    group = group or workshop.group
    return reverse(
        f"consultations:{name}", args=[workshop.consultation.collective.slug, group.pk, *extra]
    )


def page(response, status=200):
    assert response.status_code == status, response.status_code
    content = response.content.decode()
    assert "INVALID_TEMPLATE_VARIABLE" not in content
    return content.replace("&#x27;", "'")


def note_ids(content):
    return [int(pk) for pk in re.findall(r'<li class="note[^"]*" id="note-(\d+)"', content)]


def poll_params(content):
    after, version = re.search(r"mur/notes/\?after=(\d+)&amp;version=(\d+)", content).groups()
    return {"after": after, "version": version}


@pytest.fixture
def alex(client, workshop):
    return workshop.join(client)


@pytest.fixture
def facilitator(client, world):
    client.force_login(world.facilitator)
    return client


# -------------------------------------------------------------------------------- wall


def test_participant_sees_the_notes_by_question_newest_last_and_a_form(alex, workshop):
    content = page(alex.get(url("wall", workshop)))
    assert note_ids(content) == [note.pk for note in workshop.notes]
    first, second = workshop.questions[0], workshop.questions[1]
    section = content.split(f'id="question-{first.pk}"')[1].split(f'id="question-{second.pk}"')[0]
    assert all(note.text in section for note in workshop.notes)
    assert workshop.other_note.text not in content  # another group's wall
    assert 'aria-live="polite"' in content
    assert 'hx-trigger="every 2s' in content
    assert '<textarea name="text"' in content and 'maxlength="500"' in content
    assert '<select name="question"' in content
    # Without JavaScript, a link reloads the wall.
    assert f'href="{workshop.group.get_absolute_url()}#wall-notes"' in content


def test_participants_never_learn_who_wrote_a_note(alex, client, workshop, world):
    services.enter_paper_notes(
        actor=world.facilitator, group=workshop.group, question=workshop.questions[0], lines="Lu"
    )
    for response in (alex.get(url("wall", workshop)), alex.get(url("wall_notes", workshop))):
        content = page(response)
        assert "Alex" not in content
        assert world.facilitator.display_name not in content
        assert workshop.participant.token not in content
        assert "note-author" not in content


def test_facilitators_see_who_wrote_each_note(facilitator, workshop, world):
    services.enter_paper_notes(
        actor=world.member, group=workshop.group, question=workshop.questions[1], lines="Papier"
    )
    content = page(facilitator.get(url("wall", workshop)))
    assert content.count(fr("By %(name)s", name="Alex")) == 3
    assert fr("Typed from paper by %(name)s", name=world.member.display_name) in content
    content = page(facilitator.get(url("wall_notes", workshop)))
    assert fr("By %(name)s", name="Alex") in content


def test_a_participant_of_another_group_cannot_read_this_wall(client, workshop):
    workshop.join(client, workshop.other_participant)
    for response in (
        client.get(url("wall", workshop)),
        client.get(url("wall_notes", workshop)),
        client.post(url("wall_notes", workshop), {"question": workshop.questions[0].pk}),
        client.get(url("mood", workshop)),
    ):
        assert response.status_code == 403
        assert workshop.notes[0].text not in response.content.decode()
    # Their own wall is open to them, with their own note only.
    content = page(client.get(url("wall", workshop, group=workshop.other_group)))
    assert note_ids(content) == [workshop.other_note.pk]


def test_outsiders_and_visitors_without_a_cookie_get_404(client, workshop, world):
    for name in ("wall", "wall_notes", "mood"):
        response = client.get(url(name, workshop))
        assert response.status_code == 404
        assert workshop.notes[0].text not in response.content.decode()
    client.force_login(world.outsider)
    assert client.get(url("wall", workshop)).status_code == 404


def test_a_forged_cookie_is_no_participation(client, workshop):
    from maillage.consultations.access import cookie_name

    client.cookies[cookie_name(workshop.consultation)] = workshop.participant.token  # unsigned
    assert client.get(url("wall", workshop)).status_code == 404


def test_visitors_of_a_public_collective_are_asked_to_log_in_not_shown_the_notes(
    client, workshop, world
):
    world.collective.visibility = Visibility.PUBLIC
    world.collective.save()
    response = client.get(url("wall", workshop))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert workshop.notes[0].text not in response.content.decode()


def test_members_read_the_published_wall_without_hidden_notes_names_or_form(
    client, workshop, world
):
    services.hide_note(actor=world.facilitator, note=workshop.notes[1], reason="Doublon")
    client.force_login(world.member)
    assert client.get(url("wall", workshop)).status_code == 403
    services.publish_synthesis(actor=world.facilitator, consultation=workshop.consultation)
    content = page(client.get(url("wall", workshop)))
    assert note_ids(content) == [workshop.notes[0].pk, workshop.notes[2].pk]
    assert "Alex" not in content and "Doublon" not in content
    assert 'name="text"' not in content and 'name="reason"' not in content


def test_member_who_joined_with_their_account_posts_like_anyone(client, workshop, world):
    participant = services.join_group(group=workshop.group, user=world.member)
    client.force_login(world.member)
    content = page(client.get(url("wall", workshop)))
    assert '<textarea name="text"' in content
    client.post(url("wall_notes", workshop), {"question": workshop.questions[2].pk, "text": "Oui"})
    assert Note.objects.get(text="Oui").participant == participant


# -------------------------------------------------------------------------- escaping


def test_note_text_is_always_shown_as_text(alex, client, workshop, world):
    alex.post(url("wall_notes", workshop), {"question": workshop.questions[0].pk, "text": SCRIPT})
    note = Note.objects.get(text=SCRIPT)
    escaped = "&lt;script&gt;alert('pwned')&lt;/script&gt; &amp; &lt;b&gt;gras&lt;/b&gt;"
    for content in (
        page(alex.get(url("wall", workshop))),
        page(alex.get(url("wall_notes", workshop), {"after": note.pk - 1})),
    ):
        assert escaped in content
        assert "<script>alert" not in content and "<b>gras" not in content
    services.correct_note(actor=world.facilitator, note=note, text="Une idée")
    client.cookies.clear()
    client.force_login(world.facilitator)
    content = page(client.get(url("wall", workshop)))
    assert fr("Original: %(text)s", text=SCRIPT) in content
    assert "<script>alert" not in content


# ------------------------------------------------------------------------ posting notes


def test_a_note_posted_without_javascript_goes_on_the_wall(alex, workshop):
    question = workshop.questions[1]
    response = alex.post(url("wall_notes", workshop), {"question": question.pk, "text": " Bruit "})
    note = Note.objects.get(text="Bruit")
    assert (note.group, note.question, note.participant) == (
        workshop.group,
        question,
        workshop.participant,
    )
    assert response.status_code == 302
    assert response["Location"] == (
        f"{workshop.group.get_absolute_url()}?question={question.pk}#note-{note.pk}"
    )
    content = page(alex.get(response["Location"]))
    assert fr("Your note is on the wall.") in content
    assert f'<option value="{question.pk}" selected>' in content  # same question next
    assert note_ids(content)[-1] == note.pk


def test_a_note_posted_with_htmx_gives_a_fresh_form_and_refreshes_the_wall(alex, workshop):
    question = workshop.questions[2]
    response = htmx_post(
        alex, url("wall_notes", workshop), {"question": question.pk, "text": "Je peux aider"}
    )
    content = page(response)
    assert response.hx.trigger == "wall-changed"
    assert Note.objects.filter(text="Je peux aider", participant=workshop.participant).exists()
    assert content.startswith('<form id="note-form"')
    assert fr("Your note is on the wall. Write the next idea on a new note.") in content
    assert "Je peux aider" not in content  # the text area is empty again
    assert f'<option value="{question.pk}" selected>' in content
    assert "autofocus" in content


@pytest.mark.parametrize("htmx", [False, True])
def test_a_refused_note_keeps_what_was_typed(alex, workshop, htmx):
    long_text = "Une idée très longue " * 30
    response = post_form(
        alex,
        url("wall_notes", workshop),
        {"question": workshop.questions[0].pk, "text": long_text},
        htmx=htmx,
    )
    content = page(response)
    message = fr(
        "A note holds %(max)s characters at most; this one has %(count)s. "
        "Split it into several notes, one idea each.",
        max=500,
        count=len(long_text.strip()),
    )
    assert message in content
    assert long_text in content
    assert 'aria-invalid="true"' in content
    assert workshop.group.notes.count() == 3


def test_an_empty_note_is_refused_with_a_message(alex, workshop):
    response = alex.post(url("wall_notes", workshop), {"question": workshop.questions[0].pk})
    assert fr("The note is empty: write one idea on it.") in page(response)


def test_no_form_outside_a_contribution_round(alex, workshop, world):
    round_ = workshop.consultation.rounds.get(status=RoundStatus.OPEN)
    services.close_round(actor=world.facilitator, round_=round_)
    content = page(alex.get(url("wall", workshop)))
    assert 'name="text"' not in content
    assert fr("Notes are not taken at the moment: the contribution round is closed.") in content
    response = alex.post(url("wall_notes", workshop), {"question": workshop.questions[0].pk})
    assert response.status_code == 200
    assert workshop.group.notes.count() == 3


def test_no_form_once_the_live_session_is_closed(alex, workshop, world):
    services.close_live_session(actor=world.facilitator, group=workshop.group)
    content = page(alex.get(url("wall", workshop)))
    assert 'name="text"' not in content
    assert note_ids(content) == [note.pk for note in workshop.notes]  # still readable


def test_facilitators_who_take_no_part_type_notes_from_paper_instead(facilitator, workshop):
    response = facilitator.post(
        url("wall_notes", workshop), {"question": workshop.questions[0].pk, "text": "Moi"}
    )
    assert response.status_code == 403


# ------------------------------------------------------------------------------ polling


def test_polling_answers_204_when_nothing_changed_and_only_new_notes_otherwise(alex, workshop):
    params = poll_params(page(alex.get(url("wall", workshop))))
    assert alex.get(url("wall_notes", workshop), params).status_code == 204

    services.post_note(
        participant=workshop.other_participant, question=workshop.questions[0], text="Ailleurs"
    )
    assert alex.get(url("wall_notes", workshop), params).status_code == 204  # other group

    new = services.post_note(
        participant=workshop.participant, question=workshop.questions[1], text="Nouvelle idée"
    )
    content = page(alex.get(url("wall_notes", workshop), params))
    assert note_ids(content) == [new.pk]
    assert f'hx-swap-oob="beforeend:#notes-q-{workshop.questions[1].pk}"' in content
    assert "Nouvelle idée" in content and workshop.notes[0].text not in content
    # The poller comes back with the new last note, so the note is not sent twice.
    assert poll_params(content) == {"after": str(new.pk), "version": params["version"]}
    assert alex.get(url("wall_notes", workshop), poll_params(content)).status_code == 204


def test_polled_notes_and_a_reload_show_the_same_wall(alex, workshop):
    before = page(alex.get(url("wall", workshop)))
    for text in ("Un", "Deux"):
        alex.post(url("wall_notes", workshop), {"question": workshop.questions[0].pk, "text": text})
    polled = page(alex.get(url("wall_notes", workshop), poll_params(before)))
    reloaded = page(alex.get(url("wall", workshop)))
    assert note_ids(before) + note_ids(polled) == note_ids(reloaded)


def test_polling_sends_the_whole_wall_when_a_note_was_hidden_or_corrected(alex, workshop, world):
    params = poll_params(page(alex.get(url("wall", workshop))))
    services.hide_note(actor=world.facilitator, note=workshop.notes[0], reason="Hors sujet")
    content = page(alex.get(url("wall_notes", workshop), params))
    assert '<section id="wall-notes"' in content and 'hx-swap-oob="true"' in content
    assert note_ids(content) == [workshop.notes[1].pk, workshop.notes[2].pk]
    assert "Hors sujet" not in content
    params = poll_params(content)
    assert alex.get(url("wall_notes", workshop), params).status_code == 204

    services.correct_note(actor=world.facilitator, note=workshop.notes[1], text="Du temps libre")
    content = page(alex.get(url("wall_notes", workshop), params))
    assert "Du temps libre" in content
    assert workshop.notes[1].text not in content  # the original is for facilitators only


def test_polling_is_cheap(alex, workshop, django_assert_num_queries):
    """Every participant polls every 2 seconds: after their first poll (which finds
    them from their cookie), one query for the notes' state, and one more for the
    new notes when there are some."""
    params = poll_params(page(alex.get(url("wall", workshop))))
    with django_assert_num_queries(2):  # the participant from the cookie, the state
        response = alex.get(url("wall_notes", workshop), params)
    assert response.status_code == 204 and response.content == b""
    assert "no-cache" in response["Cache-Control"]
    with django_assert_num_queries(1):
        assert alex.get(url("wall_notes", workshop), params).status_code == 204
    for number in range(5):
        services.post_note(
            participant=workshop.participant, question=workshop.questions[number % 3], text="N"
        )
    with django_assert_num_queries(2):
        assert len(note_ids(page(alex.get(url("wall_notes", workshop), params)))) == 5


def test_participants_at_the_same_point_share_one_rendering_of_the_new_notes(
    alex, workshop, world, django_assert_num_queries
):
    """A note posted at a crowded table: every phone that had seen the same last note
    gets the same new notes, rendered once (the cache every node shares)."""
    params = poll_params(page(alex.get(url("wall", workshop))))
    services.post_note(participant=workshop.participant, question=workshop.questions[0], text="A")
    first = page(alex.get(url("wall_notes", workshop), params))
    sam = workshop.join(Client())
    sam.get(url("wall_notes", workshop), params)  # found from the cookie once
    with django_assert_num_queries(1):  # the state only: the notes come from the cache
        second = page(sam.get(url("wall_notes", workshop), params))
    assert second == first and len(note_ids(second)) == 1
    # A later note is a new state: rendered again, with both notes for who saw neither.
    services.post_note(participant=workshop.participant, question=workshop.questions[1], text="B")
    assert len(note_ids(page(sam.get(url("wall_notes", workshop), params)))) == 2
    # Hidden notes leave the shared rendering at once (the changes stamp is in its key).
    hidden = Note.objects.filter(group=workshop.group).latest("pk")
    services.hide_note(actor=world.facilitator, note=hidden, reason="Doublon")
    content = page(sam.get(url("wall_notes", workshop), params))
    assert f'id="note-{hidden.pk}"' not in content


def test_the_facilitators_poll_does_not_grow_with_the_notes(
    facilitator, workshop, django_assert_max_num_queries
):
    for number in range(20):
        services.enter_paper_notes(
            actor=workshop.consultation.created_by,
            group=workshop.group,
            question=workshop.questions[number % 3],
            lines=f"Note {number}",
        )
    with django_assert_max_num_queries(10):
        content = page(facilitator.get(url("wall_notes", workshop), {"after": 0, "version": 99}))
    assert len(note_ids(content)) == 23


def test_facilitators_and_participants_never_share_a_rendered_wall(client, workshop, world):
    """The notes as participants see them are rendered once and shared between them;
    the facilitators' version, with names and hidden notes, is never shared."""
    services.hide_note(actor=world.facilitator, note=workshop.notes[0], reason="Doublon")
    stale = {"after": 0, "version": 0}
    client.force_login(world.facilitator)
    for response in (
        client.get(url("wall", workshop)),
        client.get(url("wall_notes", workshop), stale),
    ):
        assert "Doublon" in page(response) and "Alex" in page(response)
    client.logout()
    workshop.join(client)
    for response in (
        client.get(url("wall", workshop)),
        client.get(url("wall_notes", workshop), stale),
    ):
        assert "Doublon" not in page(response) and "Alex" not in page(response)
    workshop.join(client, services.join_group(group=workshop.group, display_name="Kim"))
    assert note_ids(page(client.get(url("wall", workshop)))) == [
        workshop.notes[1].pk,
        workshop.notes[2].pk,
    ]
    client.force_login(world.facilitator)
    assert "Doublon" in page(client.get(url("wall_notes", workshop), stale))


def test_polling_ignores_malformed_parameters(alex, workshop):
    content = page(alex.get(url("wall_notes", workshop), {"after": "x", "version": "y"}))
    assert note_ids(content) == [note.pk for note in workshop.notes]


# --------------------------------------------------------------------------- moderation


def test_hidden_notes_are_greyed_with_their_reason_for_facilitators_only(
    alex, client, workshop, world
):
    services.hide_note(actor=world.facilitator, note=workshop.notes[2], reason="Propos blessant")
    assert workshop.notes[2].pk not in note_ids(page(alex.get(url("wall", workshop))))
    client.cookies.clear()
    client.force_login(world.facilitator)
    content = page(client.get(url("wall", workshop)))
    assert f'<li class="note note-hidden" id="note-{workshop.notes[2].pk}"' in content
    assert fr("Reason: %(reason)s", reason="Propos blessant") in content
    assert fr("Show it again") in content


def test_facilitator_hides_a_note_without_javascript(facilitator, workshop, world):
    note = workshop.notes[0]
    response = facilitator.post(
        url("hide_note", workshop, note.pk), {"reason": "Hors sujet", "base_version": 1}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{workshop.group.get_absolute_url()}#note-{note.pk}"
    note.refresh_from_db()
    assert (note.hidden, note.hidden_reason, note.hidden_by) == (
        True,
        "Hors sujet",
        world.facilitator,
    )
    content = page(facilitator.get(response["Location"]))
    assert fr("The note is hidden from the participants.") in content


def test_facilitator_hides_and_shows_a_note_with_htmx(facilitator, workshop):
    note = workshop.notes[0]
    content = page(
        htmx_post(
            facilitator,
            url("hide_note", workshop, note.pk),
            {"reason": "Doublon", "base_version": 1},
        )
    )
    assert content.startswith(f'<li class="note note-hidden" id="note-{note.pk}" tabindex="-1"')
    assert 'hx-swap-oob="innerHTML:#messages"' in content
    assert fr("The note is hidden from the participants.") in content
    content = page(htmx_post(facilitator, url("show_note", workshop, note.pk), {}))
    assert content.startswith(f'<li class="note" id="note-{note.pk}"')
    assert fr("The note is shown to the participants again.") in content
    note.refresh_from_db()
    assert not note.hidden and note.version == 3


@pytest.mark.parametrize("htmx", [False, True])
def test_hiding_without_a_reason_is_refused_and_asks_for_one(facilitator, workshop, htmx):
    note = workshop.notes[0]
    response = post_form(
        facilitator,
        url("hide_note", workshop, note.pk),
        {"reason": "  ", "base_version": 1},
        htmx=htmx,
    )
    content = page(response)
    assert fr("Say why the note is hidden.") in content
    assert 'aria-invalid="true"' in content
    assert not Note.objects.get(pk=note.pk).hidden


def test_facilitator_corrects_a_typo_and_the_original_stays_visible(facilitator, workshop, world):
    note = workshop.notes[1]
    response = facilitator.post(
        url("correct_note", workshop, note.pk),
        {"text": "Du temps pour sa famille et ses amies", "base_version": 1},
    )
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.text == "Du temps pour sa famille et ses amies"
    assert note.original_text == "Du temps pour sa famille et ses amis"
    assert note.corrected_by == world.facilitator
    content = page(facilitator.get(url("wall", workshop)))
    assert fr("Original: %(text)s", text="Du temps pour sa famille et ses amis") in content
    assert fr("The note is corrected; its original words are kept.") in content


def test_a_correction_that_changes_nothing_keeps_the_form(facilitator, workshop):
    note = workshop.notes[1]
    response = facilitator.post(
        url("correct_note", workshop, note.pk), {"text": note.text, "base_version": 1}
    )
    content = page(response)
    assert fr("Nothing has changed.") in content
    assert f'<textarea name="text" id="text-{note.pk}"' in content


@pytest.mark.parametrize("htmx", [False, True])
def test_a_stale_version_gives_the_conflict_message_and_changes_nothing(
    facilitator, workshop, world, htmx
):
    note = workshop.notes[0]
    services.correct_note(actor=world.coordinator, note=note, text="Un logement décent")
    response = post_form(
        facilitator,
        url("hide_note", workshop, note.pk),
        {"reason": "Hors sujet", "base_version": 1},
        htmx=htmx,
    )
    content = page(response, status=200 if htmx else 409)
    with translation.override("fr"), pytest.raises(ConflictError) as conflict:
        services.hide_note(actor=world.facilitator, note=note, reason="x", base_version=1)
    # The service's message, in French.
    assert escape(conflict.value.message).replace("&#x27;", "'") in content
    assert "Un logement décent" in content  # the note as it is now
    assert 'name="base_version" value="2"' in content  # ready to do it again
    note.refresh_from_db()
    assert not note.hidden


def test_the_moderation_pages_work_without_javascript(facilitator, workshop):
    note = workshop.notes[0]
    content = page(facilitator.get(url("hide_note", workshop, note.pk)))
    assert 'name="reason"' in content and 'name="text"' not in content
    content = page(facilitator.get(url("correct_note", workshop, note.pk)))
    assert 'name="text"' in content and 'name="reason"' not in content
    assert facilitator.get(url("show_note", workshop, note.pk)).status_code == 405


def test_only_facilitators_moderate(alex, client, workshop, world):
    note = workshop.notes[0]
    data = {"reason": "x", "base_version": 1}
    response = alex.post(url("hide_note", workshop, note.pk), data)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    client.force_login(world.member)
    assert client.post(url("hide_note", workshop, note.pk), data).status_code == 403
    # A group facilitator from the collective's members may moderate their group.
    workshop.group.facilitators.add(world.member)
    assert client.post(url("hide_note", workshop, note.pk), data).status_code == 302
    assert Note.objects.get(pk=note.pk).hidden


def test_a_note_of_another_group_cannot_be_reached_through_this_group(facilitator, workshop):
    response = facilitator.post(
        url("hide_note", workshop, workshop.other_note.pk), {"reason": "x", "base_version": 1}
    )
    assert response.status_code == 404


# --------------------------------------------------------------------- projection screen


def test_the_screen_shows_the_code_the_address_and_an_svg_qr_code(facilitator, workshop):
    content = page(facilitator.get(url("screen", workshop)))
    code = workshop.group.join_code
    address = settings.SITE_URL + reverse("consultations:join_code", args=[code])
    assert f'<p class="join-code" translate="no">{code}</p>' in content
    assert f'<a href="{address}">{address}</a>' in content
    svg = re.search(r"<svg role=\"img\"[^>]*>.*?</svg>", content, re.S).group()
    assert svg.startswith('<svg role="img"')
    assert f"<title>{fr('QR code opening %(url)s', url=address)}</title>" in svg
    assert "<path" in svg and "<script" not in svg
    assert svg == qr_svg(address)
    assert fr("QR code of the address %(url)s", url=address) in content  # the caption


def test_the_qr_code_is_the_join_address(workshop):
    import segno

    address = "http://maillage.test/participer/ABC234/"
    expected = segno.make(address, error="m").svg_inline(scale=10, omitsize=True)
    path = re.compile(r'd="([^"]+)"')
    assert path.search(qr_svg(address)).group(1) == path.search(expected).group(1)


def test_facilitator_closes_and_reopens_the_live_session(facilitator, workshop):
    old_code = workshop.group.join_code
    response = facilitator.post(url("live_session", workshop), {"action": "close"})
    assert response.status_code == 302 and response["Location"] == url("screen", workshop)
    workshop.group.refresh_from_db()
    assert not workshop.group.live
    content = page(facilitator.get(url("screen", workshop)))
    assert fr("The live session is closed: its code no longer works.") in content
    assert old_code not in content and "<svg role=" not in content
    assert fr("Open the live session") in content

    facilitator.post(url("live_session", workshop), {"action": "open"})
    workshop.group.refresh_from_db()
    assert workshop.group.live and workshop.group.join_code != old_code
    content = page(facilitator.get(url("screen", workshop)))
    assert workshop.group.join_code in content and "<svg role=" in content


def test_the_session_needs_an_action(facilitator, workshop):
    response = facilitator.post(url("live_session", workshop), {"action": "explode"}, follow=True)
    assert fr("Choose to open or to close the live session.") in page(response)
    assert facilitator.get(url("live_session", workshop)).status_code == 405


# --------------------------------------------------------------------------- paper entry


def test_facilitator_types_paper_notes_one_per_line(facilitator, workshop, world):
    question = workshop.questions[2]
    response = facilitator.post(
        url("paper", workshop),
        {"question": question.pk, "lines": "Animer un atelier\r\n\r\n  Prêter ma salle  \r\n"},
    )
    assert response.status_code == 302 and response["Location"] == workshop.group.get_absolute_url()
    notes = list(question.notes.filter(group=workshop.group).order_by("pk"))
    assert [n.text for n in notes] == ["Animer un atelier", "Prêter ma salle"]
    assert all(n.entered_by == world.facilitator and n.participant is None for n in notes)
    content = page(facilitator.get(response["Location"]))
    assert (
        fr_plural(
            "%(count)s note is added to the wall.", "%(count)s notes are added to the wall.", 2
        )
        in content
    )


def test_a_refused_paper_entry_keeps_every_line_typed(facilitator, workshop):
    lines = "Première idée\r\n" + "x" * 501 + "\r\nTroisième idée"
    response = facilitator.post(
        url("paper", workshop), {"question": workshop.questions[0].pk, "lines": lines}
    )
    content = page(response)
    assert (
        fr(
            "Line %(number)s has %(count)s characters; a note holds %(max)s at most.",
            number=2,
            count=501,
            max=500,
        )
        in content
    )
    textarea = re.search(r"<textarea[^>]*>(.*?)</textarea>", content, re.S).group(1)
    assert textarea.strip().splitlines() == ["Première idée", "x" * 501, "Troisième idée"]
    assert workshop.group.notes.count() == 3


def test_paper_entry_without_lines_asks_for_one(facilitator, workshop):
    response = facilitator.post(url("paper", workshop), {"question": workshop.questions[0].pk})
    assert fr("Type at least one note, one per line.") in page(response)


# ------------------------------------------------------------------------------ mood


def test_participant_gives_their_weather_at_the_start_then_at_the_end(alex, workshop):
    content = page(alex.get(url("wall", workshop)))
    assert 'value="start" id="mood_moment_0" checked' in content
    response = alex.post(url("mood", workshop), {"moment": "start", "value": "2"})
    assert response.status_code == 302
    content = page(alex.get(url("wall", workshop)))
    assert fr("Thank you: your weather is noted.") in content
    assert 'value="end" id="mood_moment_1" checked' in content
    content = page(htmx_post(alex, url("mood", workshop), {"moment": "end", "value": "5"}))
    assert content.startswith('<section id="mood"')
    assert fr("Thank you: your weather is noted.") in content
    moods = {m.moment: m.value for m in workshop.participant.moods.all()}
    assert moods == {"start": Mood.Weather.RAIN, "end": Mood.Weather.SUN}


@pytest.mark.parametrize("htmx", [False, True])
def test_a_mood_without_a_weather_is_refused(alex, workshop, htmx):
    response = post_form(alex, url("mood", workshop), {"moment": "start"}, htmx=htmx)
    assert fr("Choose one of the five weathers.") in page(response)
    assert not Mood.objects.exists()


def test_facilitators_see_the_moods_as_a_chart_and_a_table(facilitator, workshop):
    other = services.join_group(group=workshop.group, display_name="Kim")
    services.record_mood(participant=workshop.participant, moment="start", value=2)
    services.record_mood(participant=other, moment="start", value=2)
    services.record_mood(participant=workshop.participant, moment="end", value=5)
    services.record_mood(participant=workshop.other_participant, moment="start", value=1)
    for content in (
        page(facilitator.get(url("wall", workshop))),
        page(facilitator.get(url("mood", workshop))),
    ):
        svg = re.search(r'<svg viewBox="[^"]+" role="img".*?</svg>', content, re.S).group()
        assert 'aria-labelledby="mood-svg-title mood-svg-desc"' in svg
        assert svg.count('<rect class="bar ') == 10
        rows = re.findall(r'<tr><th scope="row">(.*?)</th><td>(\d+)</td><td>(\d+)</td>', content)
        figures = {label: (int(start), int(end)) for label, start, end in rows}
        assert figures[fr("Rainy")] == (2, 0)
        assert figures[fr("Sunny")] == (0, 1)
        assert figures[fr("Stormy")] == (0, 0)  # Sam is in another group


def test_only_participants_give_a_mood(facilitator, workshop):
    assert (
        facilitator.post(url("mood", workshop), {"moment": "start", "value": 3}).status_code == 403
    )
    content = page(facilitator.get(url("mood", workshop)))
    assert fr("No one has given their weather yet.") in content
    assert 'name="value"' not in content
