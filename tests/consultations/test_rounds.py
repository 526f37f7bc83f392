"""Delphi rounds: setting them up, voting (with and without htmx), and their results."""

import re
import threading
from dataclasses import dataclass

import pytest
from django.db import IntegrityError, connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from maillage.consultations import documents, services
from maillage.consultations.models import Analysis, Round, Statement, Vote
from maillage.core.errors import DomainError

from ..factories import ParticipantFactory
from ..htmx import htmx_get, htmx_post

STATEMENTS = [
    "Le revenu de transition doit d'abord soutenir les projets du quartier",
    "Les ateliers doivent avoir lieu le soir",
    "La commune doit financer un lieu partagé",
]


def fr(message):
    """The French for an English source string (the catalogue's)."""
    with translation.override("fr"):
        return translation.gettext(message)


def said(message):
    """The French a page shows for an English source string, as written in HTML."""
    return escape(fr(message))


@dataclass
class Delphi:
    workshop: object
    round: object
    statements: list

    @property
    def consultation(self):
        return self.workshop.consultation

    def url(self, name, round_=None, **kwargs):
        consultation = self.consultation
        number = (round_ or self.round).number
        return reverse(
            f"consultations:{name}",
            args=[consultation.collective.slug, consultation.pk, number],
            **kwargs,
        )


def make_delphi(world, workshop, kind="agree", number=2):
    """Round ``number`` (agree by default) with three statements, opened (which
    closes the contribution round)."""
    statements = [
        services.add_statement(actor=world.facilitator, consultation=workshop.consultation, text=t)
        for t in STATEMENTS
    ]
    round_ = workshop.consultation.rounds.filter(number=number).first()
    if round_ is None or round_.kind != kind:
        round_ = services.add_round(
            actor=world.facilitator,
            consultation=workshop.consultation,
            title="Deuxième tour",
            kind=kind,
        )
    services.set_round_statements(actor=world.facilitator, round_=round_, statements=statements)
    services.open_round(actor=world.facilitator, round_=round_)
    round_.refresh_from_db()
    return Delphi(workshop=workshop, round=round_, statements=statements)


@pytest.fixture
def delphi(world, workshop):
    return make_delphi(world, workshop)


def people(workshop, count, group=None):
    group = group or workshop.group
    return [ParticipantFactory(group=group, display_name=f"Panéliste {i}") for i in range(count)]


# ------------------------------------------------------------------------ the service


def test_voting_twice_updates_the_one_vote(delphi):
    participant, statement = delphi.workshop.participant, delphi.statements[0]
    services.cast_vote(participant=participant, round_=delphi.round, statement=statement, choice=1)
    services.cast_vote(
        participant=participant,
        round_=delphi.round,
        statement=statement,
        choice=-1,
        comment="  Trop  tôt  ",
    )
    vote = Vote.objects.get()
    assert (vote.choice, vote.comment) == (-1, "Trop tôt")


def test_a_submission_losing_the_race_updates_the_winners_row(delphi, monkeypatch):
    """Two submissions at once: the second one's insert hits the unique constraint;
    the service then updates the row the first one wrote, so one row remains."""
    participant, statement = delphi.workshop.participant, delphi.statements[0]
    Vote.objects.create(round=delphi.round, statement=statement, participant=participant, choice=1)

    def insert_that_loses(**kwargs):
        raise IntegrityError("UNIQUE constraint failed: consultations_vote")

    monkeypatch.setattr(Vote.objects, "update_or_create", insert_that_loses)
    vote = services.cast_vote(
        participant=participant, round_=delphi.round, statement=statement, choice=0, comment="Bof"
    )
    assert Vote.objects.count() == 1
    assert (vote.choice, vote.comment) == (0, "Bof")


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_submissions_leave_exactly_one_vote(world):
    from .workshop import build_workshop

    workshop = build_workshop(world)
    delphi = make_delphi(world, workshop)
    participant, statement = workshop.participant, delphi.statements[0]
    barrier = threading.Barrier(2)
    errors = []

    def submit(choice):
        try:
            barrier.wait(timeout=10)
            services.cast_vote(
                participant=participant, round_=delphi.round, statement=statement, choice=choice
            )
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(choice,)) for choice in (1, -1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    votes = list(Vote.objects.filter(round=delphi.round, statement=statement))
    assert len(votes) == 1 and votes[0].choice in (1, -1)


def test_voting_after_the_round_closed_is_refused_and_the_answer_kept(world, delphi):
    participant, statement = delphi.workshop.participant, delphi.statements[0]
    services.cast_vote(participant=participant, round_=delphi.round, statement=statement, choice=1)
    services.close_round(actor=world.facilitator, round_=delphi.round)
    with translation.override("fr"), pytest.raises(DomainError) as refused:
        services.cast_vote(
            participant=participant, round_=delphi.round, statement=statement, choice=-1
        )
    assert refused.value.code == "closed"
    assert refused.value.message == fr(
        "This round is closed: votes are no longer taken. Your earlier answers are kept."
    )
    assert Vote.objects.get().choice == 1


def test_a_group_not_in_the_round_cannot_vote(world, delphi):
    delphi.round.groups.set([delphi.workshop.other_group])
    with pytest.raises(DomainError, match="group"):
        services.cast_vote(
            participant=delphi.workshop.participant,
            round_=delphi.round,
            statement=delphi.statements[0],
            choice=1,
        )
    services.cast_vote(
        participant=delphi.workshop.other_participant,
        round_=delphi.round,
        statement=delphi.statements[0],
        choice=1,
    )
    assert Vote.objects.get().participant == delphi.workshop.other_participant


def test_statements_from_the_themes_synthesis_statements(world, workshop):
    theme = services.create_theme(
        actor=world.facilitator,
        group=workshop.group,
        title="Logement",
        statement="Un logement  décent pour chacun",
    )
    services.create_theme(actor=world.facilitator, group=workshop.group, title="Sans énoncé")
    round_ = workshop.consultation.rounds.get(number=2)
    created = services.add_statements_from_themes(
        actor=world.facilitator, consultation=workshop.consultation, themes=[theme], round_=round_
    )
    assert [(s.text, s.theme) for s in created] == [("Un logement décent pour chacun", theme)]
    assert list(round_.statements.all()) == created
    # Again: no second statement for the same theme and text.
    again = services.add_statements_from_themes(
        actor=world.facilitator, consultation=workshop.consultation, themes=[theme]
    )
    assert again == [] and Statement.objects.count() == 1


# --------------------------------------------------------------------------- voting page


def test_the_voting_page_shows_each_statement_with_the_current_answer(client, delphi):
    participant = delphi.workshop.participant
    services.cast_vote(
        participant=participant,
        round_=delphi.round,
        statement=delphi.statements[1],
        choice=-1,
        comment="Plutôt le samedi",
    )
    response = delphi.workshop.join(client).get(delphi.url("vote"))
    assert response.status_code == 200
    page = response.content.decode()
    for text in STATEMENTS:
        assert text.replace("'", "&#x27;") in page
    block = re.search(
        rf'<article[^>]*id="statement-{delphi.statements[1].pk}".*?</article>', page, re.S
    ).group(0)
    assert re.search(r'value="-1" id="[^"]+" checked', block)
    assert "Plutôt le samedi" in block
    assert 'hx-post="' in block and 'name="choice"' in block


def test_an_answer_sent_with_htmx_swaps_only_its_statement(client, delphi):
    statement = delphi.statements[0]
    browser = delphi.workshop.join(client)
    response = htmx_post(
        browser, delphi.url("vote"), {"statement": statement.pk, "choice": "1", "comment": "Oui"}
    )
    assert response.status_code == 200
    fragment = response.content.decode()
    assert "<html" not in fragment
    assert f'id="statement-{statement.pk}"' in fragment
    assert said("Saved") in fragment and said("Your answer is saved.") in fragment
    assert re.search(r'value="1" id="[^"]+" checked', fragment)
    assert 'id="answered" hx-swap-oob="true"' in fragment  # "1 of 3 answered", updated
    vote = Vote.objects.get()
    assert (vote.participant, vote.choice, vote.comment) == (delphi.workshop.participant, 1, "Oui")
    # The same answer changed: still one row.
    htmx_post(browser, delphi.url("vote"), {"statement": statement.pk, "choice": "0"})
    assert Vote.objects.get().choice == 0


def test_an_answer_sent_without_javascript_comes_back_to_the_page(client, delphi):
    statement = delphi.statements[2]
    browser = delphi.workshop.join(client)
    response = browser.post(delphi.url("vote"), {"statement": statement.pk, "choice": "-1"})
    assert response.status_code == 302
    assert response["Location"] == f"{delphi.url('vote')}#statement-{statement.pk}"
    assert said("Your answer is saved.") in browser.get(response["Location"]).content.decode()


def test_a_missing_choice_keeps_the_comment_and_says_why(client, delphi):
    statement = delphi.statements[0]
    browser = delphi.workshop.join(client)
    response = browser.post(
        delphi.url("vote"), {"statement": statement.pk, "comment": "Je réfléchis encore"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert said("Choose agree, disagree or pass.") in page
    assert "Je réfléchis encore" in page
    assert not Vote.objects.exists()


def test_after_the_round_closed_the_page_says_so_and_keeps_the_answers(client, world, delphi):
    statement = delphi.statements[0]
    services.cast_vote(
        participant=delphi.workshop.participant,
        round_=delphi.round,
        statement=statement,
        choice=1,
        comment="Essentiel",
    )
    services.close_round(actor=world.facilitator, round_=delphi.round)
    browser = delphi.workshop.join(client)
    page = browser.get(delphi.url("vote")).content.decode()
    assert said("This round is closed: votes are no longer taken. Your answers are kept.") in page
    assert "Essentiel" in page and 'name="choice"' not in page

    refused = said(
        "This round is closed: votes are no longer taken. Your earlier answers are kept."
    )
    response = browser.post(delphi.url("vote"), {"statement": statement.pk, "choice": "-1"})
    assert response.status_code == 400 and refused in response.content.decode()
    response = htmx_post(browser, delphi.url("vote"), {"statement": statement.pk, "choice": "-1"})
    assert response.status_code == 200 and refused in response.content.decode()
    assert "Essentiel" in response.content.decode()
    vote = Vote.objects.get()
    assert (vote.choice, vote.comment) == (1, "Essentiel")


def test_a_group_not_in_the_round_is_told_and_refused(client, delphi):
    delphi.round.groups.set([delphi.workshop.other_group])
    browser = delphi.workshop.join(client)
    page = browser.get(delphi.url("vote")).content.decode()
    assert said("Your group does not take part in this round.") in page
    assert 'name="choice"' not in page
    response = browser.post(
        delphi.url("vote"), {"statement": delphi.statements[0].pk, "choice": "1"}
    )
    assert response.status_code == 400
    assert said("Your group does not take part in this round.") in response.content.decode()
    assert not Vote.objects.exists()


def test_a_member_who_has_not_joined_is_pointed_to_the_join_page(client, world, delphi):
    client.force_login(world.member)
    response = client.get(delphi.url("vote"))
    assert response.status_code == 200
    assert reverse("consultations:join") in response.content.decode()
    assert 'name="choice"' not in response.content.decode()
    refused = client.post(delphi.url("vote"), {"statement": delphi.statements[0].pk, "choice": 1})
    assert refused.status_code == 403 and not Vote.objects.exists()


def test_a_rating_round_takes_ratings_from_1_to_9(client, world, workshop):
    delphi = make_delphi(world, workshop, kind="rate", number=3)
    browser = workshop.join(client)
    page = browser.get(delphi.url("vote")).content.decode()
    assert page.count('name="rating"') == 9 * len(STATEMENTS)
    statement = delphi.statements[0]
    response = browser.post(delphi.url("vote"), {"statement": statement.pk, "rating": "10"})
    assert response.status_code == 400
    assert said("Choose a rating from 1 to 9.") in response.content.decode()
    htmx_post(browser, delphi.url("vote"), {"statement": statement.pk, "rating": "8"})
    assert Vote.objects.get().rating == 8


# ------------------------------------------------------------------------------ results


def vote_all(delphi, answers):
    """answers: {statement index: [choice or rating per participant]}; makes the people."""
    count = max(len(values) for values in answers.values())
    panel = people(delphi.workshop, count)
    field = "rating" if delphi.round.kind == "rate" else "choice"
    for index, values in answers.items():
        for participant, value in zip(panel, values, strict=False):
            services.cast_vote(
                participant=participant,
                round_=delphi.round,
                statement=delphi.statements[index],
                **{field: value},
            )
    return panel


def test_agree_figures_and_lists_on_a_constructed_example(delphi):
    vote_all(
        delphi,
        {
            0: [1, 1, 1, 1, -1],  # broad agreement: 80 %
            1: [1, 1, -1, -1, 0],  # divided
            2: [-1, -1, -1, -1, 1],  # broad disagreement
        },
    )
    results = documents.round_results(delphi.round)
    first, second, third = results.statements
    assert first.counts == {"agree": 4, "disagree": 1, "pass": 0}
    assert first.shares["agree"] == pytest.approx(0.8)
    assert second.shares == pytest.approx({"agree": 0.4, "disagree": 0.4, "pass": 0.2})
    assert results.voters == 5
    assert results.eligible == 7  # the workshop's two participants and the five
    assert results.consensus == [first]
    assert results.divergent == [second]
    assert results.rejected == [third]


def test_rating_figures_on_a_constructed_example(world, workshop):
    delphi = make_delphi(world, workshop, kind="rate", number=3)
    vote_all(delphi, {0: [2, 4, 6, 8], 1: [7, 8, 9, 9]})
    results = documents.round_results(delphi.round)
    spread, agreed, empty = results.statements
    assert (spread.rating["q1"], spread.rating["median"], spread.rating["q3"]) == (3.5, 5.0, 6.5)
    assert spread.rating["iqr"] == 3.0 and not spread.rating["consensus"]
    assert spread.distribution == [0, 1, 0, 1, 0, 1, 0, 1, 0]
    assert agreed.rating["share_high"] == 1.0 and agreed.rating["consensus"]
    assert empty.votes == 0 and empty.rating["missing"] == 4
    assert results.consensus == [agreed] and results.divergent == [spread]


def test_results_are_shown_once_the_round_is_closed(client, world, delphi):
    vote_all(delphi, {0: [1, 1, -1], 1: [0, 0, 1]})
    participant_browser = delphi.workshop.join(Client())
    waiting = participant_browser.get(delphi.url("results"))
    assert waiting.status_code == 200
    assert said("The results are shown once the round is closed.") in waiting.content.decode()
    assert '<svg class="chart' not in waiting.content.decode()
    # Those who run the consultation follow the figures while the round is open.
    client.force_login(world.facilitator)
    provisional = client.get(delphi.url("results")).content.decode()
    assert '<svg class="chart' in provisional

    services.close_round(actor=world.facilitator, round_=delphi.round)
    page = participant_browser.get(delphi.url("results")).content.decode()
    assert page.count('role="img"') == 3
    assert "<title" in page and "<table" in page
    assert "67" in page  # 2 of 3 agree with the first statement
    for name in ("Alex", "Sam", "Panéliste"):
        assert not re.search(rf"\b{name}\b", page), name


def test_changes_since_the_previous_round(client, world, delphi):
    panel = vote_all(delphi, {0: [1, 1, -1, -1]})
    services.close_round(actor=world.facilitator, round_=delphi.round)
    again = services.add_round(
        actor=world.facilitator, consultation=delphi.consultation, title="Troisième", kind="agree"
    )
    services.set_round_statements(
        actor=world.facilitator, round_=again, statements=[delphi.statements[0]]
    )
    services.open_round(actor=world.facilitator, round_=again)
    for participant, choice in zip(panel[:3], [1, -1, 1], strict=True):  # two changed
        services.cast_vote(
            participant=participant, round_=again, statement=delphi.statements[0], choice=choice
        )
    (item,) = documents.round_results(again).statements
    assert item.change["round"] == delphi.round
    assert (item.change["n"], item.change["changed"]) == (3, 2)
    assert item.change["share_changed"] == pytest.approx(2 / 3)
    # Before answering again, participants see what the panel answered last time.
    page = delphi.workshop.join(client).get(delphi.url("vote", again)).content.decode()
    earlier = re.search(r'<p class="earlier"[^>]*>([^<]*)</p>', page).group(1)
    assert "2" in earlier and "50" in earlier  # round 2: 50 % agreed
    fragment = htmx_post(
        client, delphi.url("vote", again), {"statement": delphi.statements[0].pk, "choice": "1"}
    ).content.decode()
    assert earlier in fragment


def test_rating_changes_use_the_delphi_stability(world, workshop):
    delphi = make_delphi(world, workshop, kind="rate", number=3)
    panel = vote_all(delphi, {0: [2, 5, 8, 9]})
    services.close_round(actor=world.facilitator, round_=delphi.round)
    again = services.add_round(
        actor=world.facilitator, consultation=workshop.consultation, title="Retour", kind="rate"
    )
    services.set_round_statements(
        actor=world.facilitator, round_=again, statements=[delphi.statements[0]]
    )
    services.open_round(actor=world.facilitator, round_=again)
    for participant, rating in zip(panel, [5, 6, 8, 8], strict=True):
        services.cast_vote(
            participant=participant, round_=again, statement=delphi.statements[0], rating=rating
        )
    (item,) = documents.round_results(again).statements
    assert (item.change["n"], item.change["changed"]) == (4, 3)
    assert item.change["iqr_change"] < 0  # the answers drew closer


def two_camps(delphi, world, size=6):
    """Two camps of ``size`` people voting opposite ways on eight statements."""
    extra = [
        services.add_statement(
            actor=world.facilitator, consultation=delphi.consultation, text=f"Énoncé {n}"
        )
        for n in range(5)
    ]
    statements = delphi.statements + extra
    delphi.round.statements.add(*extra)
    delphi.statements = statements
    first = people(delphi.workshop, size)
    second = people(delphi.workshop, size, group=delphi.workshop.other_group)
    for camp, sign in ((first, 1), (second, -1)):
        for position, participant in enumerate(camp):
            for index, statement in enumerate(statements):
                # Each person passes once, so that not everyone in a camp is alike.
                choice = 0 if index == position else sign if index < 4 else -sign
                services.cast_vote(
                    participant=participant, round_=delphi.round, statement=statement, choice=choice
                )


def test_opinion_groups_are_computed_in_the_background_and_shown(
    client, world, delphi, django_capture_on_commit_callbacks
):
    two_camps(delphi, world)
    client.force_login(world.facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        response = htmx_post(client, delphi.url("round_analysis"))
    assert response.status_code == 200 and 'id="analysis"' in response.content.decode()
    analysis = Analysis.objects.get()
    assert analysis.status == Analysis.Status.DONE and analysis.result["k"] == 2
    services.close_round(actor=world.facilitator, round_=delphi.round)

    page = delphi.workshop.join(Client()).get(delphi.url("results")).content.decode()
    assert escape(fr("Opinion group %(letter)s") % {"letter": "A"}) in page
    assert escape(fr("Opinion group %(letter)s") % {"letter": "B"}) in page
    assert "Énoncé 0" in page
    results = documents.round_results(delphi.round)
    group_figures = results.statements[7].groups  # nobody passed on this one
    assert sorted(g["shares"]["agree"] for g in group_figures) == [0.0, 1.0]
    assert results.statements[7].shares["agree"] == pytest.approx(0.5)
    assert {g["size"] for g in results.opinions["groups"]} == {6}


def test_the_progress_of_an_analysis_is_polled_until_it_is_done(client, world, delphi):
    analysis = Analysis.objects.create(
        consultation=delphi.consultation,
        round=delphi.round,
        kind=Analysis.Kind.OPINIONS,
        requested_by=world.facilitator,
        status=Analysis.Status.RUNNING,
        progress=40,
    )
    client.force_login(world.facilitator)
    url = reverse(
        "consultations:round_analysis_progress",
        args=[delphi.consultation.collective.slug, delphi.consultation.pk, 2, analysis.pk],
    )
    fragment = htmx_get(client, url).content.decode()
    assert 'hx-trigger="every 2s"' in fragment and 'value="40"' in fragment
    assert "<html" not in fragment
    analysis.status, analysis.error = Analysis.Status.FAILED, "engine"
    analysis.save()
    fragment = htmx_get(client, url).content.decode()
    assert "hx-trigger" not in fragment
    assert said("The analysis could not be done with these data.") in fragment
    assert "<html" in client.get(url).content.decode()  # without JavaScript: a page


def test_the_results_page_makes_as_many_queries_for_many_statements(client, world, delphi):
    client.force_login(world.facilitator)
    vote_all(delphi, {0: [1, -1, 0], 1: [1, 1, 1], 2: [0, 0, -1]})
    with CaptureQueriesContext(connection) as few:
        client.get(delphi.url("results"))
    two_camps(delphi, world)
    with CaptureQueriesContext(connection) as many:
        assert client.get(delphi.url("results")).status_code == 200
    assert len(many) == len(few)


def test_participants_without_an_account_see_rounds_and_results(delphi):
    browser = delphi.workshop.join(Client())
    consultation = delphi.consultation
    rounds_url = reverse(
        "consultations:rounds", args=[consultation.collective.slug, consultation.pk]
    )
    page = browser.get(rounds_url)
    assert page.status_code == 200 and delphi.url("vote") in page.content.decode()
    assert browser.get(delphi.url("results")).status_code == 200
    assert Client().get(delphi.url("results")).status_code == 404


# ---------------------------------------------------------------------- setting rounds up


def test_adding_a_round_keeps_the_input_when_refused(client, world, workshop):
    client.force_login(world.facilitator)
    url = reverse(
        "consultations:round_create", args=[world.collective.slug, workshop.consultation.pk]
    )
    data = {
        "title": "Tour de notation",
        "kind": "rate",
        "starts_on": "2030-05-10",
        "ends_on": "2030-05-01",
        "groups": [workshop.group.pk],
    }
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert said("The round cannot end before it starts.") in refused.content.decode()
    assert "Tour de notation" in refused.content.decode()
    data["ends_on"] = "2030-05-20"
    response = client.post(url, data)
    round_ = Round.objects.get(title="Tour de notation")
    assert (round_.number, round_.kind, list(round_.groups.all())) == (3, "rate", [workshop.group])
    assert response["Location"] == reverse(
        "consultations:round_statements",
        args=[world.collective.slug, workshop.consultation.pk, 3],
    )


def test_choosing_statements_then_opening_and_closing_a_round(client, world, workshop):
    client.force_login(world.facilitator)
    consultation = workshop.consultation
    args = [world.collective.slug, consultation.pk, 2]
    round_ = consultation.rounds.get(number=2)
    # Opening without statements: refused, said on the round's page.
    response = client.post(reverse("consultations:round_open", args=args), follow=True)
    assert (
        said("Choose the statements of this round before opening it.") in response.content.decode()
    )
    round_.refresh_from_db()
    assert round_.status == "planned"
    # A statement written between rounds, straight into this round.
    create = reverse("consultations:statement_create", args=args[:2])
    response = client.post(create, {"text": "Un lieu partagé", "rounds": [round_.pk], "back": 2})
    assert response["Location"] == reverse("consultations:round_statements", args=args)
    statement = Statement.objects.get()
    assert list(round_.statements.all()) == [statement]
    # And one from a theme's synthesis statement.
    theme = services.create_theme(
        actor=world.facilitator, group=workshop.group, title="Temps", statement="Du temps libre"
    )
    from_themes = reverse("consultations:statements_from_themes", args=args[:2])
    assert (
        f'value="{theme.pk}" id="theme-{theme.pk}" checked'
        in client.get(from_themes + "?tour=2").content.decode()
    )
    client.post(from_themes, {"themes": [theme.pk], "round": round_.pk, "back": 2})
    assert round_.statements.count() == 2
    # The choice of statements, then opening and closing.
    client.post(
        reverse("consultations:round_statements", args=args), {"statements": [statement.pk]}
    )
    assert list(round_.statements.all()) == [statement]
    client.post(reverse("consultations:round_open", args=args))
    round_.refresh_from_db()
    assert round_.status == "open"
    assert consultation.rounds.get(number=1).status == "closed"
    client.post(reverse("consultations:round_close", args=args))
    round_.refresh_from_db()
    assert round_.status == "closed"
    detail = client.get(reverse("consultations:round", args=args)).content.decode()
    assert said("The round is closed: no more answers are taken.") in detail
