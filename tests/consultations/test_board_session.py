"""The theme board of a real session: 100 notes, several notes moved or coded at once
from the toolbar, the filter by question and by code, and a number of queries that
does not grow with the notes."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import ngettext

from maillage.audit.models import AuditEvent
from maillage.consultations import services
from maillage.consultations.models import Note
from maillage.core.errors import DomainError
from maillage.demo import consultations as demo

from ..factories import ConsultationFactory, GroupFactory, ThemeFactory
from ..htmx import htmx_post
from .test_synthesis import board_of, board_url, column, fr, fr_count

pytestmark = pytest.mark.django_db


def bulk_url(w, group=None):
    group = group or w.workshop.group
    return reverse("consultations:notes_bulk", args=[w.collective.slug, group.pk])


def fr_with(singular, plural, n, **values):
    """A message with a count and other values, as a French reader gets it."""
    with translation.override("fr"):
        return escape(ngettext(singular, plural, n) % {"n": n, **values})


def cards(html):
    """The ids of the notes shown as cards on a board."""
    return {int(pk) for pk in re.findall(r'<li class="note-card[^"]*" id="note-(\d+)"', html)}


def ticked(html):
    """The ids of the notes ticked on a board."""
    return {int(pk) for pk in re.findall(r'name="notes" value="(\d+)"[^>]*checked', html)}


def selected(html, name):
    """The value chosen in one of the toolbar's selects."""
    start = html.index(f'id="bulk-{name}"')
    found = re.search(
        r'<option value="([^"]*)" selected>', html[start : html.index("</select>", start)]
    )
    return found.group(1) if found else None


@pytest.fixture
def session(world, workshop):
    """A table of the workshop that held a real session: the demo's 100 notes (and 2
    folded under others), sorted into 7 themes, 18 still unsorted, most coded."""
    group = services.add_group(
        actor=world.facilitator, consultation=workshop.consultation, name="Mulhouse"
    )
    services.open_live_session(actor=world.facilitator, group=group)
    return demo.sort_a_session(world.facilitator, group)


# ------------------------------------------------------------------------ the queries


def _board_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_board_takes_as_many_queries_at_100_notes_as_at_10(client, world, workshop):
    group, consultation = workshop.group, workshop.consultation
    families = list(consultation.grid_codes.filter(parent=None).order_by("order"))
    sub = services.add_grid_code(
        actor=world.facilitator, consultation=consultation, label="Loyer", parent=families[0]
    )
    pledges = services.enter_paper_notes(
        actor=world.facilitator,
        group=group,
        question=workshop.questions[2],
        lines="\n".join(f"Je peux aider au jardin partagé, le samedi {n}" for n in range(7)),
    )
    notes = workshop.notes + pledges
    housing = services.create_theme(actor=world.facilitator, group=group, title="Logement")
    garden = services.create_theme(actor=world.facilitator, group=group, title="Jardin")
    services.move_notes(actor=world.facilitator, group=group, notes=notes[:2], theme=housing)
    services.move_notes(actor=world.facilitator, group=group, notes=pledges[:4], theme=garden)
    services.code_notes(actor=world.facilitator, group=group, notes=notes[:2], code=sub)
    services.code_notes(actor=world.facilitator, group=group, notes=pledges[:3], code=families[7])
    services.mark_duplicate(actor=world.facilitator, note=pledges[6], original=pledges[5])
    services.make_commitment(
        actor=world.facilitator,
        note=pledges[0],
        text="Jardiner",
        person_name="Alex",
        due_on=timezone.localdate(),
    )
    assert Note.objects.filter(group=group, duplicate_of=None).count() == 9
    client.force_login(world.facilitator)
    filters = [
        "",
        f"?question={workshop.questions[2].pk}",
        f"?code={families[0].pk}",
        "?code=none",
        f"?question={workshop.questions[0].pk}&code={sub.pk}",
    ]
    at_10 = [_board_queries(client, board_url(world) + query) for query in filters]

    # Ninety more notes, five more themes, codes, duplicates and commitments.
    more = services.enter_paper_notes(
        actor=world.facilitator,
        group=group,
        question=workshop.questions[2],
        lines="\n".join(f"Je peux prêter mes outils, note {n}" for n in range(91)),
    )
    for number in range(5):
        theme = services.create_theme(actor=world.facilitator, group=group, title=f"Thème {number}")
        mine = more[number * 15 : (number + 1) * 15]
        services.move_notes(actor=world.facilitator, group=group, notes=mine, theme=theme)
        services.code_notes(
            actor=world.facilitator, group=group, notes=mine[:8], code=families[number]
        )
        services.code_notes(actor=world.facilitator, group=group, notes=mine[8:10], code=sub)
    services.mark_duplicate(actor=world.facilitator, note=more[90], original=more[0])
    for note in more[75:80]:
        services.make_commitment(
            actor=world.facilitator,
            note=note,
            text="Prêter",
            person_name="Sam",
            due_on=timezone.localdate(),
        )
    assert Note.objects.filter(group=group, duplicate_of=None).count() == 99
    services.enter_paper_notes(
        actor=world.facilitator, group=group, question=workshop.questions[0], lines="La forêt"
    )
    at_100 = [_board_queries(client, board_url(world) + query) for query in filters]
    assert at_100 == at_10
    assert max(at_100) <= 20


def test_the_demo_session_fills_the_board_with_100_notes_in_7_themes(client, world, session):
    client.force_login(world.facilitator)
    page = client.get(board_url(world, session)).content.decode()
    assert page.count('<li class="note-card') == 100
    assert fr_count("%(n)s note on the board", "%(n)s notes on the board", 100) in page
    assert session.themes.count() == 7
    assert page.count('<section class="theme-column"') == 8
    unsorted = column(page, "unsorted")
    assert unsorted.count('<li class="note-card') == 18
    assert fr_count("%(n)s other note says the same", "%(n)s other notes say the same", 1) in page


# --------------------------------------------------------------- several notes at once


def test_move_the_ticked_notes_into_a_theme_without_javascript(client, world, workshop):
    theme = services.create_theme(actor=world.facilitator, group=workshop.group, title="Logement")
    first, second, third = workshop.notes
    services.mark_duplicate(actor=world.facilitator, note=third, original=second)
    client.force_login(world.facilitator)
    response = client.post(
        bulk_url(world),
        {"notes": [first.pk, second.pk], "theme": theme.pk, "code": "", "action": "move"},
    )
    assert response.status_code == 302
    assert response["Location"] == board_url(world) + "#board"
    moved = {note.pk: note for note in Note.objects.filter(group=workshop.group)}
    assert {moved[n.pk].theme for n in workshop.notes} == {theme}  # the folded one too
    assert (moved[first.pk].version, moved[second.pk].version) == (2, 2)
    event = AuditEvent.objects.get(action="consultations.notes_moved")
    assert (event.object_id, event.after) == (
        str(workshop.group.pk),
        {"notes": 2, "theme": "Logement"},
    )
    page = client.get(response["Location"]).content.decode()
    assert (
        fr_with(
            "%(n)s note is now in the theme “%(target)s”.",
            "%(n)s notes are now in the theme “%(target)s”.",
            2,
            target="Logement",
        )
        in page
    )
    logement = column(page, f"theme-{theme.pk}")
    assert f'id="note-{first.pk}"' in logement and f'id="note-{second.pk}"' in logement
    assert not ticked(page)  # done: nothing is ticked any more

    # Back among the unsorted notes.
    client.post(bulk_url(world), {"notes": [first.pk], "theme": "none", "action": "move"})
    assert Note.objects.get(pk=first.pk).theme is None


def test_moving_with_htmx_answers_the_board_as_a_fresh_page_shows_it(client, world, workshop):
    theme = services.create_theme(actor=world.facilitator, group=workshop.group, title="Logement")
    client.force_login(world.facilitator)
    pks = [note.pk for note in workshop.notes]
    response = htmx_post(
        client, bulk_url(world), {"notes": pks, "theme": theme.pk, "action": "move"}
    )
    assert response.status_code == 200
    answer = response.content.decode()
    assert answer.lstrip().startswith('<div id="board"')
    assert 'hx-swap-oob="innerHTML:#messages"' in answer
    # The toolbar keeps the focus (where the keyboard user was).
    assert (
        'id="bulk" class="board-toolbar" aria-labelledby="bulk-title" tabindex="-1" autofocus'
        in answer
    )
    assert Note.objects.filter(pk__in=pks, theme=theme).count() == 3
    fresh = client.get(board_url(world)).content.decode()
    assert board_of(answer).replace(" autofocus", "") == board_of(fresh)


def test_code_the_ticked_notes_then_take_the_code_off(client, world, workshop):
    code = workshop.consultation.grid_codes.order_by("order").first()
    first, second, third = workshop.notes
    client.force_login(world.facilitator)
    response = client.post(
        bulk_url(world), {"notes": [first.pk, second.pk], "code": code.pk, "action": "code"}
    )
    assert response.status_code == 302
    assert {n.code for n in Note.objects.filter(pk__in=[first.pk, second.pk])} == {code}
    assert Note.objects.get(pk=third.pk).code is None
    event = AuditEvent.objects.get(action="consultations.notes_coded")
    assert event.after == {"notes": 2, "code": str(code)}
    # The move select is ignored when coding, and the other way round.
    client.post(
        bulk_url(world),
        {"notes": [first.pk, third.pk], "code": "none", "theme": "none", "action": "code"},
    )
    assert Note.objects.get(pk=first.pk).code is None
    assert Note.objects.get(pk=second.pk).code == code
    assert AuditEvent.objects.filter(action="consultations.notes_coded").count() == 2
    assert not AuditEvent.objects.filter(action="consultations.notes_moved").exists()


def test_a_refused_bulk_change_keeps_the_ticked_notes_and_the_choice(client, world, workshop):
    theme = services.create_theme(actor=world.facilitator, group=workshop.group, title="Logement")
    first, second, _third = workshop.notes
    client.force_login(world.facilitator)
    # No column chosen: said beside the select, the two notes still ticked.
    response = client.post(
        bulk_url(world), {"notes": [first.pk, second.pk], "theme": "", "action": "move"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert fr("Choose the column the notes go to.") in page
    assert ticked(page) == {first.pk, second.pk}
    # Nothing ticked: said, and the column chosen is still chosen.
    response = client.post(bulk_url(world), {"theme": theme.pk, "action": "move"})
    assert response.status_code == 400
    page = response.content.decode()
    assert fr("Tick at least one note on the board.") in page
    assert selected(page, "theme") == str(theme.pk)
    # With htmx: the board, its toolbar telling the same, the notes still ticked.
    response = htmx_post(
        client, bulk_url(world), {"notes": [first.pk], "code": "", "action": "code"}
    )
    assert response.status_code == 200
    answer = response.content.decode()
    assert fr("Choose the code to give them.") in answer and 'role="alert"' in answer
    assert ticked(answer) == {first.pk}
    assert not Note.objects.filter(group=workshop.group, version__gt=1).exists()
    assert not AuditEvent.objects.filter(action__startswith="consultations.notes_").exists()


def test_notes_and_themes_of_another_board_are_refused_and_nothing_changes(client, world, workshop):
    theme = services.create_theme(actor=world.facilitator, group=workshop.group, title="Logement")
    elsewhere = services.create_theme(
        actor=world.facilitator, group=workshop.other_group, title="Bruit"
    )
    mine = workshop.notes[0]
    foreign_note = Note.objects.create(
        group=GroupFactory(consultation=ConsultationFactory()),
        question=ConsultationFactory().questions.create(text="?"),
        text="Ailleurs",
    )
    client.force_login(world.facilitator)
    gone = fr("Some of these notes are no longer on this board: reload it and tick them again.")
    for notes in ([mine.pk, workshop.other_note.pk], [mine.pk, foreign_note.pk]):
        response = client.post(
            bulk_url(world), {"notes": notes, "theme": theme.pk, "action": "move"}
        )
        assert response.status_code == 400, notes
        assert gone in response.content.decode()
    response = client.post(bulk_url(world), {"notes": ["x"], "theme": theme.pk, "action": "move"})
    assert response.status_code == 400
    # A theme of another group, or of another consultation, is not a column of this board.
    for other in (elsewhere, ThemeFactory(group=GroupFactory(consultation=ConsultationFactory()))):
        response = client.post(
            bulk_url(world), {"notes": [mine.pk], "theme": other.pk, "action": "move"}
        )
        assert response.status_code == 400
    # Nor a code of another consultation's grid.
    foreign = ConsultationFactory(created_by=world.facilitator)
    code = services.add_grid_code(actor=world.facilitator, consultation=foreign, label="Autre")
    response = client.post(bulk_url(world), {"notes": [mine.pk], "code": code.pk, "action": "code"})
    assert response.status_code == 400
    # A note folded under another is not a card of the board: it follows its original.
    services.mark_duplicate(
        actor=world.facilitator, note=workshop.notes[2], original=workshop.notes[1]
    )
    response = client.post(
        bulk_url(world), {"notes": [workshop.notes[2].pk], "theme": theme.pk, "action": "move"}
    )
    assert response.status_code == 400
    assert not Note.objects.exclude(theme=None).exists()
    assert workshop.other_note.theme is None and foreign_note.theme is None
    # Another group's board is not reached through this one's address.
    response = client.post(
        bulk_url(world, workshop.other_group),
        {"notes": [mine.pk], "theme": elsewhere.pk, "action": "move"},
    )
    assert response.status_code == 400
    assert Note.objects.get(pk=mine.pk).theme is None


def test_the_services_move_all_the_notes_or_none(world, workshop):
    theme = services.create_theme(actor=world.facilitator, group=workshop.group, title="Logement")
    notes = [*workshop.notes, workshop.other_note]
    with pytest.raises(DomainError):
        services.move_notes(actor=world.facilitator, group=workshop.group, notes=notes, theme=theme)
    with pytest.raises(DomainError):
        services.code_notes(
            actor=world.facilitator,
            group=workshop.group,
            notes=notes,
            code=workshop.consultation.grid_codes.first(),
        )
    with pytest.raises(DomainError):
        services.move_notes(actor=world.facilitator, group=workshop.group, notes=[], theme=theme)
    elsewhere = services.create_theme(
        actor=world.facilitator, group=workshop.other_group, title="Bruit"
    )
    with pytest.raises(DomainError):
        services.move_notes(
            actor=world.facilitator, group=workshop.group, notes=workshop.notes, theme=elsewhere
        )
    assert not Note.objects.filter(version__gt=1).exists()
    assert not AuditEvent.objects.filter(action__startswith="consultations.notes_").exists()
    # Notes already in the column are left as they are, and not counted.
    services.move_note(actor=world.facilitator, note=workshop.notes[0], theme=theme, base_version=1)
    moved = services.move_notes(
        actor=world.facilitator, group=workshop.group, notes=workshop.notes, theme=theme
    )
    assert moved == 2
    assert Note.objects.get(pk=workshop.notes[0].pk).version == 2


# --------------------------------------------------------------------------- filters


def test_filter_the_board_by_question_and_by_code(client, world, session):
    client.force_login(world.facilitator)
    consultation = session.consultation
    questions = list(consultation.questions.all())
    families = list(consultation.grid_codes.filter(parent=None).order_by("order"))
    url = board_url(world, session)
    on_board = Note.objects.filter(group=session, duplicate_of=None)

    page = client.get(url, {"question": questions[2].pk}).content.decode()
    pledges = set(on_board.filter(question=questions[2]).values_list("pk", flat=True))
    assert cards(page) == pledges
    assert (
        fr_with(
            "%(n)s note shown of %(total)s",
            "%(n)s notes shown of %(total)s",
            len(pledges),
            total=100,
        )
        in page
    )
    # Each column says how many of its notes are shown.
    agir = session.themes.get(title="Agir ensemble")
    assert fr_with("%(shown)s of %(n)s note", "%(shown)s of %(n)s notes", 12, shown=10) in column(
        page, f"theme-{agir.pk}"
    )
    assert f'<option value="{questions[2].pk}" selected>' in page  # the filter, as chosen

    # A family of the grid stands for its sub-codes too.
    sub = services.add_grid_code(
        actor=world.facilitator, consultation=consultation, label="Loyer", parent=families[0]
    )
    loyer = on_board.get(text="Un loyer qui prend la moitié du salaire")
    services.code_note(actor=world.facilitator, note=loyer, code=sub)
    page = client.get(url, {"code": families[0].pk}).content.decode()
    means = on_board.filter(code__in=[families[0], sub])
    assert cards(page) == set(means.values_list("pk", flat=True)) and loyer.pk in cards(page)
    page = client.get(url, {"code": sub.pk}).content.decode()
    assert cards(page) == {loyer.pk}
    page = client.get(url, {"code": "none"}).content.decode()
    assert cards(page) == set(on_board.filter(code=None).values_list("pk", flat=True))
    # Both at once.
    page = client.get(url, {"code": families[0].pk, "question": questions[1].pk}).content.decode()
    assert cards(page) == set(means.filter(question=questions[1]).values_list("pk", flat=True))
    # A value that is not a choice: said, and every note shown.
    response = client.get(url, {"question": "abc"})
    page = response.content.decode()
    assert response.status_code == 200 and len(cards(page)) == 100
    assert 'class="error"' in page


def test_changes_made_on_a_filtered_board_keep_the_filter(client, world, session):
    client.force_login(world.facilitator)
    question = session.consultation.questions.all()[2]
    query = f"?question={question.pk}"
    url = board_url(world, session)
    page = client.get(url + query).content.decode()
    note = Note.objects.filter(group=session, question=question, theme=None).first()
    move = reverse("consultations:note_move", args=[world.collective.slug, session.pk, note.pk])
    # Every form of the board posts with the filter, which the answer keeps.
    assert (
        f'action="{move}{query}"' in page and f'action="{bulk_url(world, session)}{query}"' in page
    )
    theme = session.themes.get(title="Agir ensemble")
    response = client.post(move + query, {"theme": theme.pk, "version": note.version})
    assert response["Location"] == f"{url}{query}#note-{note.pk}"
    response = client.post(
        bulk_url(world, session) + query, {"notes": [note.pk], "theme": "none", "action": "move"}
    )
    assert response["Location"] == f"{url}{query}#board"
    answer = htmx_post(
        client,
        bulk_url(world, session) + query,
        {"notes": [note.pk], "theme": theme.pk, "action": "move"},
    ).content.decode()
    assert cards(answer) == set(
        Note.objects.filter(group=session, duplicate_of=None, question=question).values_list(
            "pk", flat=True
        )
    )
    # A filter that is not a choice is not carried on.
    note.refresh_from_db()
    response = client.post(move + "?question=abc", {"theme": "", "version": note.version})
    assert response["Location"] == f"{url}#note-{note.pk}"
