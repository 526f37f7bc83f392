"""Setting up a consultation, and joining a live session with a code (views.py)."""

import html
import re

from django.urls import reverse

from maillage.collectives.models import Visibility
from maillage.consultations import services
from maillage.consultations.access import cookie_name
from maillage.consultations.models import Consultation, Participant


def test_a_facilitator_creates_a_consultation_from_a_method(client, world):
    client.force_login(world.facilitator)
    url = reverse("consultations:create", args=[world.collective.slug])
    response = client.post(url, {"title": "Fierté et raison d'être", "method": "pride"})
    consultation = Consultation.objects.get()
    assert response.status_code == 302 and response["Location"] == consultation.get_absolute_url()
    assert consultation.questions.count() == 3 and consultation.status == "draft"
    page = html.unescape(client.get(consultation.get_absolute_url()).content.decode())
    assert "Fierté et raison d'être" in page


def test_a_missing_title_keeps_what_was_typed(client, world):
    client.force_login(world.facilitator)
    url = reverse("consultations:create", args=[world.collective.slug])
    response = client.post(url, {"title": "", "purpose": "Mieux se connaître", "method": "spiral"})
    assert response.status_code == 200
    assert "Mieux se connaître" in response.content.decode()
    assert not Consultation.objects.exists()


def test_drafts_are_listed_only_for_those_who_run_them(client, world, workshop):
    draft = Consultation.objects.create(
        collective=world.collective,
        title="Brouillon secret",
        method="empty",
        created_by=world.facilitator,
    )
    url = reverse("consultations:list", args=[world.collective.slug])
    client.force_login(world.member)
    page = client.get(url).content.decode()
    assert workshop.consultation.title in page and draft.title not in page
    client.force_login(world.facilitator)
    assert draft.title in client.get(url).content.decode()


def test_a_public_collective_shows_started_consultations_to_anyone(client, world, workshop):
    world.collective.visibility = Visibility.PUBLIC
    world.collective.save()
    response = client.get(workshop.consultation.get_absolute_url())
    assert response.status_code == 200
    # The join codes are for those who run the workshop.
    assert workshop.group.join_code not in response.content.decode()


def test_joining_without_an_account_sets_the_participant_cookie(client, workshop):
    url = reverse("consultations:join")
    response = client.post(url, {"code": workshop.group.join_code.lower(), "display_name": "Léa"})
    assert response.status_code == 302
    assert response["Location"] == workshop.group.get_absolute_url()
    participant = Participant.objects.get(display_name="Léa")
    assert participant.group == workshop.group and participant.user is None
    assert cookie_name(workshop.consultation) in response.cookies
    # Coming back with the cookie does not make a second participant.
    client.post(url, {"code": workshop.other_group.join_code})
    assert Participant.objects.filter(display_name="Léa").count() == 1


def test_a_wrong_code_says_so_and_keeps_the_name(client, workshop):
    wrong = "ZZZZZZ" if workshop.group.join_code != "ZZZZZZ" else "YYYYYY"
    response = client.post(reverse("consultations:join"), {"code": wrong, "display_name": "Léa"})
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "Aucune séance n'a ce code" in page and 'value="Léa"' in page


def test_the_code_in_the_address_fills_the_form(client, workshop):
    url = reverse("consultations:join_code", args=[workshop.group.join_code])
    assert f'value="{workshop.group.join_code}"' in client.get(url).content.decode()


def test_a_member_joins_with_their_account(client, world, workshop):
    client.force_login(world.member)
    client.post(reverse("consultations:join"), {"code": workshop.group.join_code})
    participant = Participant.objects.get(user=world.member)
    assert participant.display_name == ""
    page = client.get(workshop.consultation.get_absolute_url()).content.decode()
    assert "Vous participez au groupe Plainpalais" in page


def test_setting_up_questions_groups_and_grid(client, world, workshop):
    client.force_login(world.facilitator)
    consultation = workshop.consultation
    args = [world.collective.slug, consultation.pk]
    client.post(
        reverse("consultations:questions", args=args),
        {"text": "Que faire ensemble ?", "kind": "pledge"},
    )
    assert consultation.questions.last().text == "Que faire ensemble ?"
    response = client.post(reverse("consultations:groups", args=args), {"name": "Carouge"})
    assert "déjà un groupe" in response.content.decode()
    client.post(reverse("consultations:groups", args=args), {"name": "Onex"})
    assert consultation.groups.filter(name="Onex").exists()
    family = consultation.grid_codes.get(label="Relations personnelles")
    client.post(
        reverse("consultations:grid", args=args), {"label": "Voisinage", "parent": family.pk}
    )
    assert family.children.get().label == "Voisinage"


def test_publishing_opens_the_walls_to_members(client, world, workshop):
    client.force_login(world.facilitator)
    args = [world.collective.slug, workshop.consultation.pk]
    client.post(reverse("consultations:publish", args=args))
    workshop.consultation.refresh_from_db()
    assert workshop.consultation.synthesis_published


def test_closing_asks_for_conclusions(client, world, workshop):
    client.force_login(world.facilitator)
    url = reverse("consultations:close", args=[world.collective.slug, workshop.consultation.pk])
    response = client.post(url, {"conclusions": ""})
    assert response.status_code == 200
    workshop.consultation.refresh_from_db()
    assert workshop.consultation.status == "open"
    client.post(url, {"conclusions": "Deux quartiers pilotes dès le printemps."})
    workshop.consultation.refresh_from_db()
    assert workshop.consultation.status == "closed"


# ------------------------------------------------------- the setup page by moment


def current_moment(page):
    (moment,) = re.findall(r'\?moment=(\w+)" aria-current="page"', page)
    return moment


def header_of(page):
    return page[page.index('class="page-actions"') : page.index('class="tabs"')]


def test_the_setup_page_opens_on_the_moment_the_consultation_is_in(client, english, workshop):
    world = english
    client.force_login(world.facilitator)
    consultation = workshop.consultation
    url = consultation.get_absolute_url()
    # The groups' live sessions are open: the walls, the codes to project.
    page = client.get(url).content.decode()
    assert current_moment(page) == "live"
    screen = reverse("consultations:screen", args=[world.collective.slug, workshop.group.pk])
    assert f'href="{screen}"' in page and workshop.group.join_code in page
    # A new consultation with a group: preparing it, and opening its first round.
    draft = services.create_consultation(
        actor=world.facilitator, collective=world.collective, title="Atelier", method="pride"
    )
    page = client.get(draft.get_absolute_url()).content.decode()
    assert current_moment(page) == "prepare"
    assert "Add a group" in header_of(page) and "round_open" not in header_of(page)
    services.add_group(actor=world.facilitator, consultation=draft, name="Onex")
    page = client.get(draft.get_absolute_url()).content.decode()
    first_round = reverse("consultations:round_open", args=[world.collective.slug, draft.pk, 1])
    assert f'action="{first_round}"' in header_of(page)
    # Once a vote round has started: the rounds, and the results of the one open.
    statement = services.add_statement(
        actor=world.facilitator, consultation=consultation, text="Un lieu partagé"
    )
    delphi = consultation.rounds.get(number=2)
    services.set_round_statements(actor=world.facilitator, round_=delphi, statements=[statement])
    services.open_round(actor=world.facilitator, round_=delphi)
    page = client.get(url).content.decode()
    assert current_moment(page) == "rounds"
    results = reverse("consultations:results", args=[world.collective.slug, consultation.pk, 2])
    assert f'href="{results}"' in header_of(page)
    # Every moment can be asked for; the menu keeps the rest, closing last.
    services.create_theme(actor=world.facilitator, group=workshop.group, title="Le temps")
    page = client.get(url, {"moment": "synthesis"}).content.decode()
    assert current_moment(page) == "synthesis"
    assert "1 theme · 3 notes" in page and "0 themes · 1 note" in page
    header = header_of(page)
    assert header.index("Publish the synthesis") < header.index('<details class="menu"')
    assert header.index("Title and purpose") < header.index("Close with conclusions")


def test_preparing_opens_each_form_on_demand_on_the_setup_page(client, english, workshop):
    world = english
    client.force_login(world.facilitator)
    consultation = workshop.consultation
    page = client.get(consultation.get_absolute_url(), {"moment": "prepare"}).content.decode()
    args = [world.collective.slug, consultation.pk]
    for name in ("questions", "groups", "grid"):
        address = reverse(f"consultations:{name}", args=args)
        assert f'hx-get="{address}"' in page and f'<a href="{address}">' in page
        form_page = client.get(address).content.decode()
        part = form_page[form_page.index("data-disclosure-content") :]
        assert f'action="{address}"' in part[: part.index("</form>")], name
    page = client.get(consultation.get_absolute_url(), {"moment": "rounds"}).content.decode()
    address = reverse("consultations:round_create", args=args)
    assert f'hx-get="{address}"' in page
    form_page = client.get(address).content.decode()
    assert f'action="{address}"' in form_page[form_page.index("data-disclosure-content") :]
    # One action menu per question, group and family of codes.
    questions, groups, families = (
        consultation.questions.count(),
        consultation.groups.count(),
        consultation.grid_codes.filter(parent=None).count(),
    )
    assert page.count('<details class="menu"') == 1 + consultation.rounds.count()
    page = client.get(consultation.get_absolute_url(), {"moment": "prepare"}).content.decode()
    assert page.count('<details class="menu"') == 1 + questions + groups + families
    # A form sent from the setup page comes back to it, where the change shows.
    response = client.post(
        reverse("consultations:groups", args=args), {"name": "Onex", "territory": ""}
    )
    assert response["Location"] == consultation.get_absolute_url() + "?moment=prepare#groups"


def test_members_read_the_consultation_without_its_setup(client, world, workshop):
    client.force_login(world.member)
    page = client.get(workshop.consultation.get_absolute_url()).content.decode()
    assert 'class="tabs"' not in page and "Title and purpose" not in page
    assert workshop.group.join_code not in page
    assert "Plainpalais" in page and html.escape(workshop.questions[0].text) in page
