"""The synthesis workspace: theme board, moves and conflicts, duplicates, codes,
engine proposals, the synthesis of syntheses and commitments."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext

from maillage.audit.models import AuditEvent
from maillage.consultations import services
from maillage.consultations.models import Analysis, Commitment, Note, Proposal, Theme

from ..factories import ConsultationFactory, GroupFactory, ThemeFactory
from ..htmx import htmx_get, htmx_post

pytestmark = pytest.mark.django_db


def fr(message, **values):
    """A message as a French reader gets it (from the same catalogue as the server),
    escaped as in a page."""
    with translation.override("fr"):
        text = gettext(message)
    return escape(text % values if values else text)


def fr_count(singular, plural, n):
    """A message with a count, as {% blocktranslate count n=... %} gives it in French."""
    with translation.override("fr"):
        return escape(ngettext(singular, plural, n) % {"n": n})


SAME = ("%(n)s other note says the same", "%(n)s other notes say the same")


def board_url(w, group=None):
    group = group or w.workshop.group
    return reverse("consultations:theme_board", args=[w.collective.slug, group.pk])


def note_url(w, name, note):
    return reverse(f"consultations:{name}", args=[w.collective.slug, note.group_id, note.pk])


def progress_url(w, analysis):
    return reverse(
        "consultations:analysis_progress",
        args=[w.collective.slug, analysis.group_id, analysis.pk],
    )


def board_of(html):
    """The board element of a page or of an htmx answer (what follows it: the engine's
    section, or the messages out of band), without its CSRF tokens (masked
    differently in each answer)."""
    start = html.index('<div id="board"')
    ends = [html.find(mark, start) for mark in ('<section id="engine"', "<div hx-swap-oob=")]
    board = html[start : min(end for end in ends if end != -1)].strip()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", board)


def column(html, anchor):
    """One column of the board, from its opening tag to the next column."""
    start = html.index(f'id="{anchor}"')
    following = html.find('<section class="theme-column"', start)
    return html[start : following if following != -1 else len(html)]


@pytest.fixture
def sorted_workshop(workshop, world):
    """Plainpalais with a theme "Logement" holding its first note."""
    theme = services.create_theme(actor=world.facilitator, group=workshop.group, title="Logement")
    services.move_note(actor=world.facilitator, note=workshop.notes[0], theme=theme, base_version=1)
    workshop.theme = theme
    return workshop


# ---------------------------------------------------------------------- who may do it


@pytest.mark.parametrize("persona", ["member", "observer"])
def test_members_and_observers_neither_see_the_board_nor_move_notes(
    client, world, workshop, persona
):
    client.force_login(getattr(world, persona))
    theme = ThemeFactory(group=workshop.group, created_by=world.facilitator)
    note = workshop.notes[0]
    assert client.get(board_url(world)).status_code == 403
    response = client.post(note_url(world, "note_move", note), {"theme": theme.pk, "version": 1})
    assert response.status_code == 403
    response = client.post(note_url(world, "note_code", note), {"code": "", "version": 1})
    assert response.status_code == 403
    note.refresh_from_db()
    assert (note.theme_id, note.version) == (None, 1)


def test_outsiders_do_not_learn_the_board_exists(client, world, workshop):
    client.force_login(world.outsider)
    assert client.get(board_url(world)).status_code == 404
    note = workshop.notes[0]
    assert client.post(note_url(world, "note_move", note), {"version": 1}).status_code == 404
    url = reverse("consultations:synthesis", args=[world.collective.slug, workshop.consultation.pk])
    assert client.get(url).status_code == 404


def test_participants_cannot_reach_the_board(client, world, workshop):
    # Alex joined with the session code, without an account: asked to log in.
    workshop.join(client)
    response = client.get(board_url(world))
    assert response.status_code == 302 and response["Location"].startswith("/comptes/connexion/")
    assert client.post(note_url(world, "note_move", workshop.notes[0]), {}).status_code == 302
    # A member taking part with their account is still not a facilitator.
    services.join_group(group=workshop.group, user=world.member)
    client.force_login(world.member)
    assert client.get(board_url(world)).status_code == 403
    assert workshop.notes[0].text not in client.get(board_url(world)).content.decode()


def test_a_member_facilitating_a_group_sorts_that_group_only(client, world, workshop):
    workshop.group.facilitators.add(world.member)
    client.force_login(world.member)
    assert client.get(board_url(world)).status_code == 200
    assert client.get(board_url(world, workshop.other_group)).status_code == 403
    synthesis = reverse(
        "consultations:synthesis", args=[world.collective.slug, workshop.consultation.pk]
    )
    assert client.get(synthesis).status_code == 403
    # The link to the synthesis of syntheses is for those who run the consultation.
    assert synthesis not in client.get(board_url(world)).content.decode()


def test_objects_of_another_group_are_not_found_through_this_one(client, world, workshop):
    client.force_login(world.facilitator)
    other = workshop.other_note
    url = reverse(
        "consultations:note_move", args=[world.collective.slug, workshop.group.pk, other.pk]
    )
    assert client.post(url, {"theme": "", "version": 1}).status_code == 404
    theme = ThemeFactory(group=workshop.other_group, created_by=world.facilitator)
    url = reverse(
        "consultations:theme_edit", args=[world.collective.slug, workshop.group.pk, theme.pk]
    )
    assert client.get(url).status_code == 404


# --------------------------------------------------------------------------- the board


def test_the_board_shows_columns_notes_codes_and_folded_duplicates(
    client, world, sorted_workshop, django_assert_max_num_queries
):
    w = sorted_workshop
    family = w.consultation.grid_codes.filter(parent=None).order_by("order").first()
    sub = services.add_grid_code(
        actor=world.facilitator, consultation=w.consultation, label="Logement", parent=family
    )
    services.code_note(actor=world.facilitator, note=w.notes[0], code=sub)
    services.mark_duplicate(actor=world.facilitator, note=w.notes[2], original=w.notes[1])
    services.update_theme(
        actor=world.facilitator,
        theme=w.theme,
        title="Logement",
        statement="Un toit sûr est la base du bien-être.",
        base_version=1,
    )
    client.force_login(world.facilitator)
    with django_assert_max_num_queries(20):
        response = client.get(board_url(world))
    assert response.status_code == 200
    page = response.content.decode()
    assert "css/consultations-synthesis.css" in page and "js/themes.js" in page
    unsorted, logement = column(page, "unsorted"), column(page, f"theme-{w.theme.pk}")
    # The unsorted column holds the second note, with the third folded under it.
    assert w.notes[1].text in unsorted and fr_count(*SAME, 1) in unsorted
    assert f'id="note-{w.notes[2].pk}"' not in page and w.notes[2].text in unsorted
    assert w.notes[0].text in logement and "Un toit sûr est la base du bien-être." in logement
    assert f"{family.label} › Logement" in logement
    # A compact card: its text is the label of its tick box, its question and code are
    # short tags, and everything else is in its one menu.
    card = logement[logement.index(f'id="note-{w.notes[0].pk}"') :]
    card = card.split('<li class="note-card', 1)[0]  # up to the next card
    assert (
        f'<input type="checkbox" name="notes" value="{w.notes[0].pk}" '
        f'id="tick-{w.notes[0].pk}" form="bulk"'
    ) in card
    assert f'<label for="tick-{w.notes[0].pk}" class="note-text"' in card
    assert card.count('<details class="menu"') == 1
    assert '<span class="badge badge-accent">' in card and fr("Q%(number)s", number=1) in card
    # Its keyboard way to move: in the menu, one button per other column.
    assert f'<button type="submit" name="theme" value="">{fr("Unsorted notes")}</button>' in card
    assert f'name="theme" value="{w.theme.pk}"' not in card  # it is there already
    assert f'name="version" value="{Note.objects.get(pk=w.notes[0].pk).version}"' in card
    assert f'<label for="code-{w.notes[0].pk}"' in card
    unsorted_card = unsorted[unsorted.index(f'id="note-{w.notes[1].pk}"') :]
    assert f'name="theme" value="{w.theme.pk}">Logement</button>' in unsorted_card


def test_create_a_theme_and_the_form_keeps_the_statement_when_the_title_is_missing(
    client, world, workshop
):
    client.force_login(world.facilitator)
    response = client.post(board_url(world), {"title": "", "statement": "Se loger à Genève"})
    assert response.status_code == 400
    assert "Se loger à Genève" in response.content.decode()
    assert not Theme.objects.exists()
    response = client.post(board_url(world), {"title": "Logement", "statement": "Se loger"})
    theme = Theme.objects.get()
    assert response.status_code == 302
    assert response["Location"] == board_url(world) + f"#theme-{theme.pk}"
    assert (theme.group, theme.title, theme.statement) == (workshop.group, "Logement", "Se loger")


# ---------------------------------------------------------------------------- moving


def test_move_a_note_with_the_form_then_back_among_the_unsorted(client, world, workshop):
    theme = services.create_theme(actor=world.facilitator, group=workshop.group, title="Logement")
    note = workshop.notes[0]
    client.force_login(world.facilitator)
    response = client.post(note_url(world, "note_move", note), {"theme": theme.pk, "version": 1})
    assert response.status_code == 302
    assert response["Location"] == board_url(world) + f"#note-{note.pk}"
    note.refresh_from_db()
    assert (note.theme, note.version) == (theme, 2)
    assert AuditEvent.objects.filter(action="consultations.note_moved").count() == 1
    page = client.get(response["Location"]).content.decode()
    moved = fr(
        "“%(note)s” is now in the theme “%(theme)s”.",
        note=Truncator(note.text).chars(60),
        theme="Logement",
    )
    assert moved in page
    client.post(note_url(world, "note_move", note), {"theme": "", "version": 2})
    note.refresh_from_db()
    assert (note.theme, note.version) == (None, 3)


def test_a_move_with_htmx_answers_the_board_as_a_fresh_page_shows_it(client, world, workshop):
    theme = services.create_theme(actor=world.facilitator, group=workshop.group, title="Logement")
    note = workshop.notes[1]
    client.force_login(world.facilitator)
    response = htmx_post(
        client, note_url(world, "note_move", note), {"theme": theme.pk, "version": 1}
    )
    assert response.status_code == 200
    answer = response.content.decode()
    assert answer.lstrip().startswith('<div id="board"')
    # The message goes to the page's live region, out of band.
    assert 'hx-swap-oob="innerHTML:#messages"' in answer and "Logement" in answer
    # The moved note keeps the focus after the swap (what the keyboard user had).
    assert f'id="note-{note.pk}" data-note="{note.pk}" tabindex="-1" autofocus' in answer
    assert f'id="note-{note.pk}"' in column(answer, f"theme-{theme.pk}")
    fresh = client.get(board_url(world)).content.decode()
    assert board_of(answer).replace(" autofocus", "") == board_of(fresh)


def test_two_facilitators_moving_the_same_note_the_second_is_told_and_nothing_is_lost(
    client, world, workshop
):
    """Both saw the note at version 1; the facilitator moves it first."""
    housing = services.create_theme(actor=world.facilitator, group=workshop.group, title="Logement")
    work = services.create_theme(actor=world.facilitator, group=workshop.group, title="Travail")
    note = workshop.notes[0]
    client.force_login(world.facilitator)
    assert (
        client.post(
            note_url(world, "note_move", note), {"theme": housing.pk, "version": 1}
        ).status_code
        == 302
    )

    client.force_login(world.coordinator)
    response = client.post(note_url(world, "note_move", note), {"theme": work.pk, "version": 1})
    assert response.status_code == 409
    page = response.content.decode()
    conflict = fr(
        "Someone changed this note while you were looking at it. "
        "Nothing was changed: here it is as it is now; do it again if needed."
    )
    assert conflict in page
    # The board shown is the current one: the note where the first move put it.
    assert f'id="note-{note.pk}"' in column(page, f"theme-{housing.pk}")
    note.refresh_from_db()
    assert (note.theme, note.version) == (housing, 2)
    assert AuditEvent.objects.filter(action="consultations.note_moved").count() == 1

    # With htmx (drag and drop), the same, as a board htmx swaps and a message it announces.
    response = htmx_post(
        client, note_url(world, "note_move", note), {"theme": work.pk, "version": 1}
    )
    assert response.status_code == 200
    answer = response.content.decode()
    assert conflict in answer and 'role="alert"' in answer
    assert f'id="note-{note.pk}"' in column(answer, f"theme-{housing.pk}")
    # Once they see the current board, their move (from version 2) goes through.
    client.post(note_url(world, "note_move", note), {"theme": work.pk, "version": 2})
    note.refresh_from_db()
    assert note.theme == work


def test_a_note_cannot_go_into_a_theme_of_another_group(client, world, workshop):
    elsewhere = services.create_theme(
        actor=world.facilitator, group=workshop.other_group, title="Bruit"
    )
    note = workshop.notes[0]
    client.force_login(world.facilitator)
    response = client.post(
        note_url(world, "note_move", note), {"theme": elsewhere.pk, "version": 1}
    )
    assert response.status_code == 400
    assert fr("A note can only go into a theme of its own group.") in response.content.decode()
    # Nor into a common theme of the synthesis of syntheses, nor another consultation's.
    mine = services.create_theme(actor=world.facilitator, group=workshop.group, title="Logement")
    common = services.merge_themes(
        actor=world.facilitator,
        consultation=workshop.consultation,
        themes=[mine, elsewhere],
        title="Habiter",
    )
    assert (
        client.post(
            note_url(world, "note_move", note), {"theme": common.pk, "version": 1}
        ).status_code
        == 400
    )
    foreign = ThemeFactory(group=GroupFactory(consultation=ConsultationFactory()))
    response = client.post(note_url(world, "note_move", note), {"theme": foreign.pk, "version": 1})
    assert response.status_code == 400
    assert fr("Choose one of the board's themes.") in response.content.decode()
    note.refresh_from_db()
    assert (note.theme, note.version) == (None, 1)


# ----------------------------------------------------------------- editing a theme


def test_editing_a_theme_on_a_stale_version_keeps_the_text_beside_the_current_one(
    client, world, sorted_workshop
):
    w = sorted_workshop
    url = reverse("consultations:theme_edit", args=[world.collective.slug, w.group.pk, w.theme.pk])
    client.force_login(world.facilitator)
    form = client.get(url).context["form"]
    assert form.initial["base_version"] == 1
    assert w.notes[0].text in client.get(url).content.decode()  # its sources, while writing
    services.update_theme(
        actor=world.coordinator,
        theme=w.theme,
        title="Logement",
        statement="Le texte de la coordinatrice",
        base_version=1,
    )
    response = client.post(
        url, {"title": "Se loger", "statement": "Mon énoncé à moi", "base_version": 1}
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert (
        fr(
            "Someone changed this theme while you were editing it. Your text is kept "
            "below; compare it with the current one and save again."
        )
        in page
    )
    assert "Mon énoncé à moi" in page and "Le texte de la coordinatrice" in page
    assert response.context["form"]["base_version"].value() == 2
    w.theme.refresh_from_db()
    assert w.theme.statement == "Le texte de la coordinatrice"
    response = client.post(
        url, {"title": "Se loger", "statement": "Mon énoncé à moi", "base_version": 2}
    )
    assert response.status_code == 302
    assert response["Location"] == board_url(world) + f"#theme-{w.theme.pk}"
    w.theme.refresh_from_db()
    assert (w.theme.title, w.theme.statement, w.theme.version) == (
        "Se loger",
        "Mon énoncé à moi",
        3,
    )


# --------------------------------------------------------------- duplicates and codes


def test_fold_a_duplicate_under_the_note_that_says_the_same(client, world, sorted_workshop):
    w = sorted_workshop
    note, original = w.notes[2], w.notes[0]
    url = note_url(world, "note_duplicate", note)
    client.force_login(world.facilitator)
    page = client.get(url).content.decode()
    assert f'id="original-{original.pk}"' in page and f'id="original-{note.pk}"' not in page
    assert client.post(url, {"version": 1}).status_code == 400  # nothing chosen
    response = client.post(url, {"original": original.pk, "version": 1})
    assert response.status_code == 302
    assert response["Location"] == board_url(world) + f"#note-{original.pk}"
    note.refresh_from_db()
    assert (note.duplicate_of, note.theme) == (original, w.theme)  # it follows the original
    board = client.get(board_url(world)).content.decode()
    assert fr_count(*SAME, 1) in column(board, f"theme-{w.theme.pk}")
    # A note of another group is not "the same idea" here.
    response = client.post(
        note_url(world, "note_duplicate", w.notes[1]), {"original": w.other_note.pk, "version": 1}
    )
    assert response.status_code == 400
    assert fr("Choose another note of the same group.") in response.content.decode()


def test_code_a_note_from_the_grid_and_take_the_code_off(client, world, workshop):
    note = workshop.notes[0]
    code = workshop.consultation.grid_codes.order_by("order").first()
    client.force_login(world.facilitator)
    response = client.post(note_url(world, "note_code", note), {"code": code.pk, "version": 1})
    assert response.status_code == 302
    note.refresh_from_db()
    assert (note.code, note.version) == (code, 2)
    # A code of another consultation's grid is not offered, and not taken.
    foreign = ConsultationFactory(created_by=world.facilitator)
    other = services.add_grid_code(actor=world.facilitator, consultation=foreign, label="Autre")
    response = client.post(note_url(world, "note_code", note), {"code": other.pk, "version": 2})
    assert response.status_code == 400
    assert fr("Choose a code of the grid.") in response.content.decode()
    response = client.post(note_url(world, "note_code", note), {"code": "", "version": 2})
    note.refresh_from_db()
    assert note.code is None


# ------------------------------------------------------------------ engine proposals


def test_the_progress_is_polled_while_the_engine_works_and_no_longer_after(client, world, workshop):
    analysis = Analysis.objects.create(
        consultation=workshop.consultation,
        group=workshop.group,
        kind=Analysis.Kind.THEMES,
        status=Analysis.Status.RUNNING,
        progress=40,
        requested_by=world.facilitator,
    )
    url = reverse(
        "consultations:analysis_progress",
        args=[world.collective.slug, workshop.group.pk, analysis.pk],
    )
    client.force_login(world.facilitator)
    fragment = htmx_get(client, url).content.decode()
    assert 'hx-trigger="every 1s"' in fragment and f'hx-get="{url}"' in fragment
    assert 'value="40"' in fragment and fr("%(percent)s%%", percent=40) in fragment
    assert "engine-live" not in fragment  # nothing announced while it runs
    # The board shows the same while it runs, and the page itself stays usable.
    board = client.get(board_url(world)).content.decode()
    assert 'hx-trigger="every 1s"' in board and 'name="theme"' in board
    analysis.status, analysis.progress, analysis.error = Analysis.Status.FAILED, 10, "engine"
    analysis.save()
    fragment = htmx_get(client, url).content.decode()
    assert "hx-trigger" not in fragment
    assert fr("The analysis could not be done with these data.") in fragment
    assert 'hx-swap-oob="innerHTML:#engine-live"' in fragment
    # Without JavaScript, the same address is a page of its own.
    page = client.get(url)
    assert page.status_code == 200 and "<html" in page.content.decode()


def test_an_engine_failure_says_why(client, world, workshop, django_capture_on_commit_callbacks):
    """Carouge has a single note: too few for themes."""
    client.force_login(world.facilitator)
    url = reverse(
        "consultations:analysis_request", args=[world.collective.slug, workshop.other_group.pk]
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = htmx_post(client, url, {"kind": "themes"})
    # The answer came before the task ran (after the commit): it is polled.
    assert response.status_code == 200
    assert 'hx-trigger="every 1s"' in response.content.decode()
    analysis = Analysis.objects.get()
    assert (analysis.status, analysis.error) == ("failed", "too_few_notes")
    answer = htmx_get(client, progress_url(world, analysis)).content.decode()
    assert fr("At least 3 visible notes are needed to propose themes.") in answer
    assert "hx-trigger" not in answer


def test_accepting_a_theme_proposal_makes_the_theme_with_its_notes(
    client, world, workshop, django_capture_on_commit_callbacks
):
    """A real run of the engine on the workshop's three French notes."""
    client.force_login(world.facilitator)
    url = reverse("consultations:analysis_request", args=[world.collective.slug, workshop.group.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"kind": "themes"})
    assert response["Location"] == board_url(world) + "#engine-themes"
    analysis = Analysis.objects.get()
    assert (analysis.status, analysis.progress, analysis.requested_by) == (
        "done",
        100,
        world.facilitator,
    )
    proposal = analysis.proposals.first()
    proposed = set(proposal.notes.values_list("pk", flat=True))
    assert proposed and proposed <= {n.pk for n in workshop.notes}
    assert not Theme.objects.exists()  # nothing applied yet
    board = client.get(board_url(world)).content.decode()
    assert f'id="proposal-{proposal.pk}"' in board and proposal.label in board

    accept = reverse(
        "consultations:proposal_accept",
        args=[world.collective.slug, workshop.group.pk, proposal.pk],
    )
    response = htmx_post(client, accept)
    answer = response.content.decode()
    theme = Theme.objects.get()
    assert (theme.title, theme.group) == (proposal.label, workshop.group)
    assert set(theme.notes.values_list("pk", flat=True)) == proposed
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decided_by) == ("accepted", world.facilitator)
    # The answer: the analysis with the proposal reviewed, and the board out of band.
    assert answer.lstrip().startswith(
        f'<section class="analysis analysis-done" id="analysis-{analysis.pk}"'
    )
    assert '<div id="board" class="board" hx-swap-oob="true"' in answer
    assert f'id="theme-{theme.pk}"' in answer
    # Twice is refused with a message.
    response = client.post(accept)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert fr("This proposal was already reviewed.") in page
    assert Theme.objects.count() == 1


def test_reject_a_proposal(client, world, workshop):
    analysis = Analysis.objects.create(
        consultation=workshop.consultation,
        group=workshop.group,
        kind=Analysis.Kind.THEMES,
        status=Analysis.Status.DONE,
        progress=100,
        requested_by=world.facilitator,
    )
    proposal = Proposal.objects.create(analysis=analysis, group=workshop.group, label="famille")
    proposal.notes.set([workshop.notes[1]])
    client.force_login(world.facilitator)
    url = reverse(
        "consultations:proposal_reject",
        args=[world.collective.slug, workshop.group.pk, proposal.pk],
    )
    response = client.post(url)
    assert response["Location"] == board_url(world) + f"#proposal-{proposal.pk}"
    proposal.refresh_from_db()
    assert proposal.status == "rejected" and not Theme.objects.exists()


CODED = {
    0: [  # access to the means of living
        "Avoir un logement décent à un loyer abordable",
        "Trouver un emploi stable avec un salaire correct",
        "Pouvoir payer son loyer et ses factures sans angoisse",
    ],
    3: [  # personal relations
        "Passer du temps avec sa famille et ses enfants",
        "Voir ses amis et ses voisins régulièrement",
        "Des relations chaleureuses avec ses proches",
    ],
}
UNCODED = ["Un loyer moins cher pour les familles modestes", "Des amis sur qui compter"]


def test_code_proposals_from_a_real_run_of_the_engine(
    client, world, workshop, django_capture_on_commit_callbacks
):
    families = list(workshop.consultation.grid_codes.filter(parent=None).order_by("order"))
    for index, texts in CODED.items():
        for note in services.enter_paper_notes(
            actor=world.facilitator,
            group=workshop.group,
            question=workshop.questions[0],
            lines="\n".join(texts),
        ):
            services.code_note(actor=world.facilitator, note=note, code=families[index])
    uncoded = services.enter_paper_notes(
        actor=world.facilitator,
        group=workshop.group,
        question=workshop.questions[0],
        lines="\n".join(UNCODED),
    )
    client.force_login(world.facilitator)
    url = reverse("consultations:analysis_request", args=[world.collective.slug, workshop.group.pk])
    with django_capture_on_commit_callbacks(execute=True):
        htmx_post(client, url, {"kind": "codes"})
    analysis = Analysis.objects.get(kind="codes")
    assert analysis.status == "done"
    answer = htmx_get(client, progress_url(world, analysis)).content.decode()
    assert "hx-trigger" not in answer
    proposals = {p.notes.get().pk: p for p in analysis.proposals.all()}
    # A proposal for each note without a code: the workshop's three and the two new ones.
    assert set(proposals) == {n.pk for n in workshop.notes} | {n.pk for n in uncoded}
    assert proposals[uncoded[0].pk].code == families[0]
    assert proposals[uncoded[1].pk].code == families[3]
    for proposal in proposals.values():
        assert 0 <= proposal.confidence <= 1
        # Shown as a percentage.
        percent = round(proposal.confidence * 100)
        assert fr("confidence %(percent)s%%", percent=percent) in answer
    proposal = proposals[uncoded[1].pk]
    accept = reverse(
        "consultations:proposal_accept",
        args=[world.collective.slug, workshop.group.pk, proposal.pk],
    )
    client.post(accept)
    uncoded[1].refresh_from_db()
    assert uncoded[1].code == families[3]


def test_asking_twice_while_it_runs_is_refused_with_a_message(client, world, workshop):
    Analysis.objects.create(
        consultation=workshop.consultation,
        group=workshop.group,
        kind=Analysis.Kind.CODES,
        requested_by=world.facilitator,
    )
    client.force_login(world.facilitator)
    url = reverse("consultations:analysis_request", args=[world.collective.slug, workshop.group.pk])
    answer = htmx_post(client, url, {"kind": "codes"}).content.decode()
    assert fr("This analysis is already running; its results will appear here.") in answer
    assert 'hx-trigger="every 1s"' in answer  # the one running is shown, still polled
    assert Analysis.objects.count() == 1


# --------------------------------------------------------- synthesis of syntheses


def test_merging_themes_of_two_groups_keeps_where_they_were_said(client, world, workshop):
    housing = services.create_theme(actor=world.facilitator, group=workshop.group, title="Logement")
    for note in workshop.notes[:2]:
        services.move_note(actor=world.facilitator, note=note, theme=housing, base_version=1)
    services.mark_duplicate(
        actor=world.facilitator, note=workshop.notes[2], original=workshop.notes[0]
    )
    quiet = services.create_theme(
        actor=world.facilitator, group=workshop.other_group, title="Tranquillité"
    )
    services.move_note(
        actor=world.facilitator, note=workshop.other_note, theme=quiet, base_version=1
    )
    url = reverse("consultations:synthesis", args=[world.collective.slug, workshop.consultation.pk])
    client.force_login(world.facilitator)
    page = client.get(url).content.decode()
    assert "Plainpalais" in page and "Carouge" in page
    assert f'id="theme-{housing.pk}"' in page and f'id="theme-{quiet.pk}"' in page

    # One theme is not enough: said so, and what was typed and chosen is kept.
    response = client.post(url, {"themes": [housing.pk], "title": "Un cadre de vie sain"})
    assert response.status_code == 400
    page = response.content.decode()
    assert fr("Choose at least two themes to merge.") in page
    assert 'value="Un cadre de vie sain"' in page
    assert re.search(rf'id="theme-{housing.pk}"[^>]*checked', page)

    response = client.post(
        url,
        {
            "themes": [housing.pk, quiet.pk],
            "title": "Un cadre de vie sain",
            "statement": "Un logement sûr et un quartier calme.",
        },
    )
    merged = Theme.objects.get(group=None)
    assert response["Location"] == f"{url}#common-{merged.pk}"
    assert set(merged.sources.all()) == {housing, quiet}
    page = client.get(url).content.decode()
    common = page[page.index(f'id="common-{merged.pk}"') :]
    said_in = re.search(r'class="provenance">(.*?)</p>', common, re.S).group(1)
    assert "Carouge" in said_in and "Plainpalais" in said_in
    # 2 notes of Plainpalais, the one folded under the first, and Carouge's.
    behind = fr_count(
        "%(n)s participant’s note behind this theme",
        "%(n)s participants’ notes behind this theme",
        4,
    )
    assert behind.replace("&#x27;", "'") in common.replace("&#x27;", "'")
    assert "Un logement sûr et un quartier calme." in common


def test_a_common_theme_can_be_edited_with_conflict_detection(client, world, workshop):
    themes = [
        services.create_theme(actor=world.facilitator, group=workshop.group, title="Logement"),
        services.create_theme(actor=world.facilitator, group=workshop.other_group, title="Habitat"),
    ]
    merged = services.merge_themes(
        actor=world.facilitator, consultation=workshop.consultation, themes=themes, title="Habiter"
    )
    url = reverse(
        "consultations:synthesis_theme_edit",
        args=[world.collective.slug, workshop.consultation.pk, merged.pk],
    )
    client.force_login(world.coordinator)
    page = client.get(url).content.decode()
    assert "Logement" in page and "Habitat" in page  # its sources
    response = client.post(url, {"title": "Habiter", "statement": "Tard", "base_version": 0})
    assert response.status_code == 409
    response = client.post(url, {"title": "Habiter ici", "statement": "", "base_version": 1})
    assert response.status_code == 302
    merged.refresh_from_db()
    assert merged.title == "Habiter ici"


# -------------------------------------------------------------------- commitments


@pytest.fixture
def pledge(world, workshop):
    return services.enter_paper_notes(
        actor=world.facilitator,
        group=workshop.group,
        question=workshop.questions[2],
        lines="Je peux animer un atelier de réparation de vélos",
    )[0]


def test_turn_a_pledge_into_a_commitment(client, world, workshop, pledge):
    url = note_url(world, "note_commitment", pledge)
    client.force_login(world.facilitator)
    board = client.get(board_url(world)).content.decode()
    assert url in board  # offered on the pledge's card
    assert note_url(world, "note_commitment", workshop.notes[0]) not in board
    form = client.get(url).context["form"]
    assert form.initial["text"] == pledge.text
    assert world.member in form.fields["person"].queryset
    assert world.outsider not in form.fields["person"].queryset
    due = timezone.localdate() + datetime.timedelta(days=30)
    # A date already past: said so, the text kept.
    response = client.post(
        url, {"text": "Atelier vélo mensuel", "person": world.member.pk, "due_on": "2000-01-01"}
    )
    assert response.status_code == 400
    assert fr("The date is already past.") in response.content.decode()
    assert "Atelier vélo mensuel" in response.content.decode()
    response = client.post(
        url, {"text": "Atelier vélo mensuel", "person": world.member.pk, "due_on": due.isoformat()}
    )
    assert response["Location"] == board_url(world) + "#commitments"
    commitment = Commitment.objects.get()
    assert (commitment.note, commitment.person, commitment.due_on) == (pledge, world.member, due)
    # Or someone without an account, by name.
    client.post(url, {"text": "Prêter l'atelier", "person_name": "Vélo-Cité", "due_on": due})
    board = client.get(board_url(world)).content.decode()
    commitments = board[board.index('id="commitments"') :]
    assert "Atelier vélo mensuel" in commitments and world.member.display_name in commitments
    assert "Vélo-Cité" in commitments


def test_a_commitment_needs_someone(client, world, pledge):
    client.force_login(world.facilitator)
    due = timezone.localdate() + datetime.timedelta(days=3)
    response = client.post(
        note_url(world, "note_commitment", pledge), {"text": "Atelier", "due_on": due}
    )
    assert response.status_code == 400
    assert fr("Say who commits: a member, or a name.") in response.content.decode()
    assert not Commitment.objects.exists()


def test_a_note_that_is_not_a_pledge_does_not_become_a_commitment(client, world, workshop):
    note = workshop.notes[0]  # "what does well-being mean to you?"
    url = note_url(world, "note_commitment", note)
    client.force_login(world.facilitator)
    due = timezone.localdate() + datetime.timedelta(days=10)
    response = client.post(
        url, {"text": "Trouver un logement", "person_name": "Alex", "due_on": due}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert fr("Only notes answering a “what can you do” question are pledges.") in page
    assert "Trouver un logement" in page
    assert not Commitment.objects.exists()
