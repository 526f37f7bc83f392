"""Work streams and projects through a real browser, in French: the coordinator adds a
work stream and a project on the board, calls for volunteers, a member signs up and the
pilot sees who; a meeting decision becomes an action of the project, moved on the
actions board with its keyboard buttons; the board is downloaded as a spreadsheet.
The board, a project and the actions board again on a phone. axe-core checks every page.
"""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone, translation
from openpyxl import load_workbook
from playwright.sync_api import expect

from maillage.accounts.models import User
from maillage.actions.models import Action, ActionStatus
from maillage.core import typography
from maillage.demo.accounts import DEMO_PASSWORD
from maillage.projects.models import NeedKind, Project, VolunteerSignup, WorkStream
from tests.factories import MembershipFactory, owners_of
from tests.meetings.setting import build_meeting
from tests.projects.setting import build_board

from .test_foundation import PHONE, assert_no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STREAM = "Insertion par le travail"
PROJECT = "Ressourcerie de Meyrin"
ACTION = "Chercher un local pour la ressourcerie"


def fr(message):
    with translation.override("fr"):
        return translation.gettext(message)


def log_out_anywhere(page):
    """Log out, on a phone too (the main menu is behind its button there)."""
    button = page.get_by_role("button", name=fr("Menu"))
    if button.is_visible():
        button.click()
    log_out(page)


def fr_context(context, message):
    with translation.override("fr"):
        return translation.pgettext(context, message)


def log_out(page):
    page.get_by_role("navigation", name=fr("Main menu")).get_by_role(
        "button", name=fr("Log out")
    ).click()
    expect(page.get_by_role("button", name=fr("Log out"))).to_have_count(0)


def dismiss_toasts(page):
    """Close the messages, which float over the top right corner (the page's actions)."""
    for close in page.locator(".toast-close").all():
        close.click()


def open_disclosure(page, summary):
    """Open an "add …" disclosure; htmx loads the form of its own page into it."""
    disclosure = page.locator("details.disclosure").filter(
        has=page.locator("summary", has_text=summary)
    )
    disclosure.locator("summary").click()
    expect(disclosure.locator("form")).to_be_visible()
    return disclosure


def column(page, status):
    """The kanban column of a status: a region named by its heading, "En cours (1)"."""
    label = re.escape(fr(ActionStatus(status).label))
    return page.get_by_role("region", name=re.compile(rf"^{label} \("))


def loose(text):
    """A pattern for ``text`` whatever its spaces (the French one has no-break ones)."""
    return r"\s+".join(re.escape(part) for part in text.split())


def move_button(card, label, title):
    """A card's "Move to …" button; its name ends with the (visually hidden) action title."""
    name = re.compile(rf"^{loose(fr(label))}\s*:\s*{loose(title)}$")
    return card.get_by_role("button", name=name)


def test_board_project_volunteers_actions_and_export(page, live_server, world, log_in, axe_check):
    slug = world.collective.slug
    pilot = world.member
    volunteer = MembershipFactory(
        collective=world.collective, user__display_name="Camille Bénévole"
    ).user
    # A past meeting of the collective with an adopted decision, built through the models.
    setting = build_meeting(world, days_ahead=-3)
    decision = setting.decision

    # 1. The board: a new work stream through its form, opened on demand (htmx loads it).
    log_in(world.coordinator)
    page.goto(f"{live_server.url}/collectifs/{slug}/chantiers/")
    expect(page.get_by_role("heading", level=1)).to_have_text(fr("Work streams and projects"))
    axe_check(page)
    new_stream = open_disclosure(page, fr("New work stream"))
    new_stream.get_by_label(fr("Title")).fill(STREAM)
    new_stream.get_by_label(fr("Purpose")).fill("Des emplois autour du réemploi.")
    new_stream.get_by_role("button", name=fr("Add the work stream")).click()
    expect(page.get_by_role("heading", level=2, name=STREAM)).to_be_visible()
    stream = WorkStream.objects.get(collective=world.collective, title=STREAM)
    assert stream.purpose == "Des emplois autour du réemploi."
    axe_check(page)

    # 2. A project in that work stream, piloted by a member.
    dismiss_toasts(page)
    page.get_by_role("link", name=fr("New project"), exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(fr("New project"))
    axe_check(page)
    form = page.locator("main form")
    form.get_by_label(fr("Title")).fill(PROJECT)
    form.get_by_label(fr("Work stream")).select_option(label=STREAM)
    form.get_by_label(fr("Content")).fill("Une **ressourcerie** qui collecte, répare et revend.")
    # Bad input first: no pilot. The service's message is shown, nothing typed is lost.
    form.get_by_role("button", name=fr("Create the project")).click()
    expect(form).to_contain_text(fr("A project needs at least one pilot."))
    expect(form.get_by_label(fr("Title"))).to_have_value(PROJECT)
    assert not Project.objects.filter(title=PROJECT).exists()
    axe_check(page)
    form.get_by_label(fr("Pilots")).select_option(label=pilot.display_name)
    form.get_by_role("button", name=fr("Create the project")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PROJECT)
    project = Project.objects.get(title=PROJECT)
    assert project.work_stream == stream and project.collective == world.collective
    assert list(project.pilots.all()) == [pilot]
    expect(page.locator("main")).to_contain_text(pilot.display_name)
    axe_check(page)

    # 3. A call for volunteers on the project's page: the form opens on demand.
    expect(page.get_by_role("form", name=fr("Add a need"))).to_have_count(0)
    open_disclosure(page, fr("Add a need"))
    need_form = page.get_by_role("form", name=fr("Add a need"))
    need_form.get_by_label(fr("Kind")).select_option(label=fr("Volunteers wanted"))
    need_form.get_by_label(fr("What for")).fill("Trier les dons le samedi matin.")
    need_form.get_by_role("button", name=fr("Add the need")).click()
    needs = page.get_by_role("region", name=fr("Needs"))
    expect(needs).to_contain_text("Trier les dons le samedi matin.")
    expect(needs.get_by_role("heading", level=3)).to_have_text(fr("Volunteers wanted"))
    need = project.needs.get()
    assert need.kind == NeedKind.VOLUNTEERS and need.met_at is None
    axe_check(page)

    # A member signs up with a message...
    log_out(page)
    log_in(volunteer)
    page.goto(f"{live_server.url}{project.get_absolute_url()}")
    axe_check(page)
    needs = page.get_by_role("region", name=fr("Needs"))
    needs.get_by_text(fr("I volunteer")).click()
    needs.get_by_label(fr("Message to the pilots")).fill("Libre un samedi sur deux.")
    needs.get_by_role("button", name=fr("Sign up")).click()
    expect(page.get_by_role("region", name=fr("Needs"))).to_contain_text(fr("You have signed up."))
    signup = VolunteerSignup.objects.get(need=need, withdrawn_at=None)
    assert signup.user == volunteer and signup.message == "Libre un samedi sur deux."
    # ...and, not a pilot, does not see the list of who signed up.
    expect(page.get_by_role("heading", name=fr("Signed up"))).to_have_count(0)
    axe_check(page)

    # ...and the pilot sees who.
    log_out(page)
    log_in(pilot)
    page.goto(f"{live_server.url}{project.get_absolute_url()}")
    signed_up = page.get_by_role("region", name=fr("Needs")).locator(".volunteers")
    expect(signed_up.get_by_role("listitem")).to_have_text(
        f"{volunteer.display_name} — Libre un samedi sur deux."
    )
    axe_check(page)

    # 4. Back as the coordinator: a meeting decision becomes an action of the project.
    log_out(page)
    log_in(world.coordinator)
    page.goto(f"{live_server.url}{project.get_absolute_url()}")
    open_disclosure(page, fr("Add an action"))
    action_form = page.get_by_role("form", name=fr("Add an action"))
    action_form.get_by_label(fr("What is to be done")).fill(ACTION)
    action_form.get_by_role("checkbox", name=pilot.display_name, exact=True).check()
    due = timezone.localdate() + timedelta(days=21)
    action_form.get_by_label(fr("Due date")).fill(due.isoformat())
    with translation.override("fr"):
        decision_label = typography.labelled(setting.meeting.title, decision.text[:80])
    action_form.get_by_label(fr("From a meeting decision")).select_option(label=decision_label)
    action_form.get_by_role("button", name=fr("Add the action")).click()
    actions_list = page.get_by_role("list", name=fr("Actions of the project"))
    row = actions_list.get_by_role("listitem").filter(has_text=ACTION)
    expect(row).to_contain_text(pilot.display_name)
    expect(row).to_contain_text(fr("Decision: %(text)s") % {"text": decision.text})
    expect(row).to_contain_text(setting.meeting.title)
    action = Action.objects.get(title=ACTION)
    assert action.project == project and action.decision == decision
    assert action.meeting == setting.meeting and owners_of(action) == [pilot]
    assert action.due_date == due and action.status == ActionStatus.TODO
    axe_check(page)

    # The meeting lists the action; the action's page leads back to the project.
    page.goto(f"{live_server.url}{setting.meeting.get_absolute_url()}")
    axe_check(page)
    meeting_actions = page.get_by_role("region", name=fr("Actions"))
    # The link is shown both ways: the meeting's action names its project.
    expect(meeting_actions.get_by_role("link", name=PROJECT)).to_be_visible()
    meeting_actions.get_by_role("link", name=ACTION).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(ACTION)
    axe_check(page)
    expect(page.locator("main")).to_contain_text(decision.text)
    expect(page.locator("main")).to_contain_text(f"{fr('Project:')} {PROJECT}")
    page.get_by_role("link", name=PROJECT).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PROJECT)
    axe_check(page)

    # 5. The actions board: move the action with its "Move to …" button (htmx).
    page.goto(f"{live_server.url}/collectifs/{slug}/chantiers/kanban/")
    axe_check(page)
    card = column(page, ActionStatus.TODO).get_by_role("article", name=ACTION)
    expect(card).to_contain_text(PROJECT)
    card.locator("summary").click()  # the card's menu
    move = move_button(card, "Move to In progress", ACTION)
    move.focus()
    with page.expect_response(re.compile(r"/deplacer/$")) as answer:
        page.keyboard.press("Enter")
    assert answer.value.request.headers.get("hx-request") == "true"
    assert answer.value.status == 200
    moved = column(page, ActionStatus.IN_PROGRESS).get_by_role("article", name=ACTION)
    expect(moved).to_be_visible()
    expect(moved).to_be_focused()  # the focus follows the card that moved
    expect(column(page, ActionStatus.TODO).get_by_role("article", name=ACTION)).to_have_count(0)
    # The board was swapped in place; the message came along into the live region.
    said = fr("“%(title)s” is now “%(status)s”.") % {"title": ACTION, "status": fr("In progress")}
    expect(page.get_by_text(said)).to_be_visible()
    action.refresh_from_db()
    assert action.status == ActionStatus.IN_PROGRESS
    axe_check(page)

    # 6. The board as a spreadsheet.
    page.goto(f"{live_server.url}/collectifs/{slug}/chantiers/")
    expect(page.get_by_role("link", name=PROJECT)).to_be_visible()
    expect(page.get_by_role("link", name=ACTION)).to_be_visible()  # among the next actions
    axe_check(page)
    page.locator(".page-actions summary").click()  # the page's menu
    with page.expect_download() as download:
        page.get_by_role("link", name=fr("Spreadsheet (XLSX)")).click()
    assert download.value.suggested_filename.endswith(".xlsx")
    with open(download.value.path(), "rb") as file:
        book = load_workbook(file)
    sheet = book.worksheets[0]
    header, *rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    at = {name: header.index(fr(name)) for name in ("Work stream", "Project", "Pilots")}
    ours = [r for r in rows if r[at["Project"]] == PROJECT]
    assert len(ours) == 1, rows
    assert ours[0][at["Work stream"]] == STREAM
    assert pilot.display_name in ours[0][at["Pilots"]]
    # The actions sheet has the moved action, under the project, in progress.
    actions_rows = [list(r) for r in book.worksheets[1].iter_rows(values_only=True)]
    assert any(PROJECT in r and ACTION in r and fr("In progress") in r for r in actions_rows), (
        actions_rows
    )


def test_kanban_move_without_htmx(page, live_server, world, log_in, axe_check):
    """When htmx does not load, the "Move to …" form posts and comes back to the board,
    keeping its filter. (htmx is replaced by an empty script, so axe-core can still run.)"""
    page.route(
        re.compile(r"/vendor/htmx[^/]*\.js$"),
        lambda route: route.fulfill(status=200, content_type="text/javascript", body=""),
    )
    board = build_board(world)
    late = board.actions[0]
    log_in(world.coordinator)
    kanban = f"/collectifs/{world.collective.slug}/chantiers/kanban/?project={board.project.pk}"
    page.goto(f"{live_server.url}{kanban}")
    assert page.evaluate("typeof window.htmx") == "undefined"
    axe_check(page)
    card = column(page, ActionStatus.TODO).get_by_role("article", name=late.title)
    card.locator("summary").click()
    with page.expect_navigation():
        move_button(card, "Move to Dropped", late.title).click()
    assert page.url == f"{live_server.url}{kanban}"
    expect(
        column(page, ActionStatus.DROPPED).get_by_role("article", name=late.title)
    ).to_be_visible()
    said = fr("“%(title)s” is now “%(status)s”.") % {"title": late.title, "status": fr("Dropped")}
    expect(page.get_by_text(said)).to_be_visible()
    late.refresh_from_db()
    assert late.status == ActionStatus.DROPPED
    axe_check(page)


class TestOnAPhone:
    @pytest.fixture
    def browser_context_args(self):
        return PHONE

    def test_board_project_and_kanban_fit(self, page, live_server, world, log_in, axe_check):
        board = build_board(world)
        log_in(world.coordinator)
        slug = world.collective.slug
        for path, heading in (
            (f"/collectifs/{slug}/chantiers/", fr("Work streams and projects")),
            (board.project.get_absolute_url(), board.project.title),
            (f"/collectifs/{slug}/chantiers/kanban/", fr("Actions board")),
        ):
            page.goto(f"{live_server.url}{path}")
            expect(page.get_by_role("heading", level=1)).to_have_text(heading)
            assert page.evaluate("document.documentElement.scrollWidth") <= 375
            assert_no_horizontal_scroll(page)
            axe_check(page)
        # A card moves on the phone too, and the board still fits.
        first = board.actions[1]
        card = page.get_by_role("article", name=first.title)
        card.locator("summary").click()
        assert_no_horizontal_scroll(page)  # the open menu stays on the screen
        move_button(card, "Move to Done", first.title).click()
        expect(
            column(page, ActionStatus.DONE).get_by_role("article", name=first.title)
        ).to_be_visible()
        first.refresh_from_db()
        assert first.status == ActionStatus.DONE
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        axe_check(page)


# ------------------------------------------------------------------ the demo's project page

DESKTOP = {"width": 1280, "height": 800}
# The measure: at 1280×800, the page fits in 2.5 screen heights before any form
# is opened.
MOST_HEIGHT = 2000


def test_the_demo_cafes_page_is_short_and_fits_a_phone(page, live_server, log_in, axe_check):
    """The Seine-Saint-Denis hub's "Cafés de l'emploi" page, as its pilot and as a
    coordinator (who see every menu and form): at most 2,000 px high at 1280×800 with
    every form closed, no sideways scrolling at 375 px, axe-core clean at both sizes."""
    call_command("load_demo", stdout=StringIO())
    project = Project.objects.get(title="Cafés de l'emploi et leur suivi")
    pilot = User.objects.get(email="fatou.diallo@example.org")
    coordinator = User.objects.get(email="sebastien.lefevre@example.org")
    assert project.pilots.filter(pk=pilot.pk).exists()
    assert coordinator.has_perm("collectives.change_collective", project.collective)
    for person in (pilot, coordinator):
        page.set_viewport_size(DESKTOP)
        log_in(person, DEMO_PASSWORD)
        page.goto(f"{live_server.url}{project.get_absolute_url()}")
        expect(page.get_by_role("heading", level=1)).to_have_text(project.title)
        # Every form is behind the project's menu or an "add …" disclosure, all closed.
        expect(page.locator("main details.disclosure summary")).to_have_count(6)
        expect(page.locator("main details[open]")).to_have_count(0)
        expect(page.locator("main form textarea, main form select")).to_have_count(0)
        late = page.locator(".milestone").filter(has_text="Dixième café")
        expect(late.locator(".badge")).to_have_text(fr_context("milestone", "late"))
        height = page.evaluate("document.documentElement.scrollHeight")
        print(f"\n'Cafés de l'emploi' for {person} at 1280×800: {height} px high")
        assert height <= MOST_HEIGHT, f"the project's page is {height} px high for {person}"
        axe_check(page)
        page.set_viewport_size({"width": 375, "height": 740})
        page.reload()
        height = page.evaluate("document.documentElement.scrollHeight")
        print(f"'Cafés de l'emploi' for {person} at 375×740: {height} px high")
        assert_no_horizontal_scroll(page)
        axe_check(page)
        log_out_anywhere(page)


@pytest.mark.parametrize("size", [DESKTOP, {"width": 375, "height": 740}], ids=["1280", "375"])
def test_the_actions_pages_and_form_pages_fit_and_are_clean(
    page, live_server, world, log_in, axe_check, size
):
    """The other redesigned pages, as a coordinator (every menu shown): the actions list,
    an action, "my actions", "my work", a form's own page and a work stream's page. A
    row's menu, opened, stays on the screen."""
    board = build_board(world)
    slug = world.collective.slug
    log_in(world.coordinator)
    page.set_viewport_size(size)
    for path in (
        f"/collectifs/{slug}/actions/",
        board.actions[0].get_absolute_url(),
        "/mes-actions/",
        "/mon-travail/",
        f"{board.project.get_absolute_url()}jalons/",
        f"/collectifs/{slug}/chantiers/chantier/{board.streams[0].pk}/modifier/",
    ):
        page.goto(f"{live_server.url}{path}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_no_horizontal_scroll(page)
        axe_check(page)
    page.goto(f"{live_server.url}/collectifs/{slug}/actions/")
    row = page.locator(f"#action-{board.actions[0].pk}")
    row.locator("summary").click()
    expect(row.get_by_role("button", name=re.compile(fr("Mark as done")))).to_be_visible()
    assert_no_horizontal_scroll(page)
    axe_check(page)


def test_adding_a_milestone_without_javascript(page, live_server, world, log_in, axe_check):
    """Without htmx, "Add a milestone" links to the form's own page; a mistake brings the
    project's page back with the form open, what was typed and the message."""
    page.route(
        re.compile(r"/vendor/htmx[^/]*\.js$"),
        lambda route: route.fulfill(status=200, content_type="text/javascript", body=""),
    )
    board = build_board(world)
    project = board.project
    log_in(world.member)  # pilots the project
    page.goto(f"{live_server.url}{project.get_absolute_url()}")
    milestones = page.get_by_role("region", name=fr("Milestones"))
    milestones.locator("summary", has_text=fr("Add a milestone")).click()
    milestones.get_by_role("link", name=re.compile(fr("Open the form"))).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(fr("Add a milestone"))
    axe_check(page)
    form = page.get_by_role("form", name=fr("Add a milestone"))
    form.get_by_label(fr("Milestone"), exact=True).fill("Deuxième café")
    form.get_by_role("button", name=fr("Add the milestone")).click()  # no date
    expect(page.get_by_role("heading", level=1)).to_have_text(project.title)
    opened = page.locator("main details.disclosure[open]")
    expect(opened).to_have_count(1)
    expect(opened).to_contain_text(fr("Give the milestone a date."))
    expect(opened.get_by_label(fr("Milestone"), exact=True)).to_have_value("Deuxième café")
    axe_check(page)
    opened.get_by_label(fr("Date")).fill(project.ends_on.isoformat())
    opened.get_by_role("button", name=fr("Add the milestone")).click()
    expect(page.get_by_role("region", name=fr("Milestones"))).to_contain_text("Deuxième café")
    assert project.milestones.filter(title="Deuxième café", due_on=project.ends_on).exists()
