"""Words and one step (issue 16, item 8): the results say once that opinion groups are
not computed yet, "Consensus" names one thing, a code's expiry shows its date when it
is not today, and statements made from the themes join a round being prepared."""

import datetime
import re
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from maillage.consultations import documents, services
from maillage.consultations.models import Statement
from maillage.consultations.templatetags.live_codes import code_expiry
from maillage.core.errors import DomainError

from .test_report import finished  # noqa: F401 - the report's fixture
from .test_rounds import fr, make_delphi, said, vote_all

ZURICH = zoneinfo.ZoneInfo("Europe/Zurich")


def text_of(page):
    """What a page says, without its tags."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


# --------------------------------------------- opinion groups not computed: said once


def test_the_results_page_says_once_that_opinion_groups_are_not_computed(client, world, workshop):
    delphi = make_delphi(world, workshop)
    vote_all(delphi, {0: [1, 1, -1], 1: [0, 0, 1], 2: [1, -1, 1]})
    client.force_login(world.facilitator)
    page = client.get(delphi.url("results")).content.decode()
    assert fr("Opinion groups have not been computed for this round yet.") in page
    # One sentence about it, whatever its wording, in the page and for each statement.
    assert len(re.findall(r"été calculés", page)) == 1
    services.close_round(actor=world.facilitator, round_=delphi.round)
    page = client.get(delphi.url("results")).content.decode()
    assert len(re.findall(r"été calculés", page)) == 1


# ------------------------------------------------------------ "Consensus", one name

OTHER_NAMES = ["Large accord", "large accord", "Broad agreement", "broad agreement"]


def test_the_results_page_calls_agreement_consensus_only(client, world, workshop):
    delphi = make_delphi(world, workshop)
    vote_all(delphi, {0: [1, 1, 1], 1: [-1, -1, -1], 2: [1, -1, 0]})
    services.close_round(actor=world.facilitator, round_=delphi.round)
    client.force_login(world.facilitator)
    page = text_of(client.get(delphi.url("results")).content.decode())
    assert "Consensus" in page
    assert "Consensus : au moins 70" in page  # the rule under the list says the same name
    for name in OTHER_NAMES:
        assert name not in page


def test_the_report_calls_agreement_consensus_only(client, world, finished):  # noqa: F811
    client.force_login(world.member)
    consultation = finished.consultation
    page = text_of(
        client.get(
            reverse("consultations:report", args=[consultation.collective.slug, consultation.pk])
        ).content.decode()
    )
    assert "Consensus" in page
    for name in OTHER_NAMES:
        assert name not in page
    # The documents (PDF, Word, ODT), in both languages.
    for language, name in (("fr", "Consensus"), ("en", "Consensus")):
        with translation.override(language):
            blocks = list(
                documents._outline(documents.report_content(consultation, show_people=True))
            )
        texts = " ".join(str(value) for _, value in blocks)
        assert name in texts
        for other in OTHER_NAMES:
            assert other not in texts


# ------------------------------------------------------------ a code's expiry


def _at(day, hour, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=ZURICH)


def test_a_code_ending_today_shows_only_its_time(workshop):
    group = workshop.group
    today = datetime.date(2026, 12, 6)
    group.code_expires_at = _at(today, 14, 30)
    with translation.override("fr"):
        said_today = code_expiry(group, now=_at(today, 9, 15))
    assert said_today == "Le code fonctionne jusqu'à 14:30."
    # Read in the collective's zone: 23:30 in Zurich is already tomorrow in UTC+2 zones,
    # and still today for the collective.
    group.code_expires_at = _at(today, 23, 30)
    with translation.override("fr"):
        assert code_expiry(group, now=_at(today, 0, 30)) == "Le code fonctionne jusqu'à 23:30."


def test_a_code_ending_another_day_shows_its_date(workshop):
    group = workshop.group
    today = datetime.date(2026, 12, 6)
    group.code_expires_at = _at(today + datetime.timedelta(days=1), 9, 0)
    with translation.override("fr"):
        assert (
            code_expiry(group, now=_at(today, 22, 0))
            == "Le code fonctionne jusqu'au 7 décembre 2026 à 09:00."
        )
    with translation.override("en"):
        assert code_expiry(group, now=_at(today, 22, 0)).startswith(
            "The code works until Dec. 7, 2026 at 9"
        )
    group.code_expires_at = _at(today, 8, 0)
    with translation.override("fr"):
        assert code_expiry(group, now=_at(today, 9, 0)) == "Le code ne fonctionne plus."


def test_the_screen_and_the_live_sessions_show_the_date_of_a_later_expiry(client, world, workshop):
    group = workshop.group
    later = timezone.localtime(timezone.now(), ZURICH) + datetime.timedelta(days=3)
    later = later.replace(hour=18, minute=45, second=0, microsecond=0)
    group.code_expires_at = later
    group.save(update_fields=["code_expires_at"])
    client.force_login(world.facilitator)
    months = [
        "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
        "septembre", "octobre", "novembre", "décembre",
    ]  # fmt: skip
    day = f"{later.day} {months[later.month - 1]} {later.year}"
    expected = f"Le code fonctionne jusqu&#x27;au {day} à 18:45."
    screen = client.get(
        reverse("consultations:screen", args=[world.collective.slug, group.pk])
    ).content.decode()
    assert expected in screen
    consultation = workshop.consultation
    live = client.get(
        reverse("consultations:detail", args=[world.collective.slug, consultation.pk])
        + "?moment=live"
    ).content.decode()
    assert expected in live
    groups = client.get(
        reverse("consultations:groups", args=[world.collective.slug, consultation.pk])
    ).content.decode()
    assert expected in groups


# ------------------------------------------- statements from the themes, into a round


def _themes(world, workshop, *titles):
    return [
        services.create_theme(
            actor=world.facilitator,
            group=workshop.group,
            title=title,
            statement=f"Ce que disent les notes sur {title.lower()}",
        )
        for title in titles
    ]


def _from_themes_url(workshop):
    consultation = workshop.consultation
    return reverse(
        "consultations:statements_from_themes",
        args=[consultation.collective.slug, consultation.pk],
    )


def test_the_form_offers_the_rounds_being_prepared_and_picks_the_next_one(client, world, workshop):
    consultation = workshop.consultation
    _themes(world, workshop, "Logement")
    later = services.add_round(
        actor=world.facilitator, consultation=consultation, title="Notation", kind="rate"
    )
    client.force_login(world.facilitator)
    page = client.get(_from_themes_url(workshop)).content.decode()
    select = re.search(r'<select name="round".*?</select>', page, re.S).group(0)
    options = re.findall(r'<option value="(\d*)"( selected)?>', select)
    second = consultation.rounds.get(number=2)
    # No round, the two vote rounds being prepared; the open contribution round is not one.
    assert [value for value, _ in options] == ["", str(second.pk), str(later.pk)]
    assert [value for value, chosen in options if chosen] == [str(second.pk)]
    # The round named in the address is chosen instead.
    page = client.get(_from_themes_url(workshop) + "?tour=3").content.decode()
    assert re.search(rf'<option value="{later.pk}" selected>', page)


def test_the_new_statements_join_the_chosen_round_in_the_same_step(client, world, workshop):
    consultation = workshop.consultation
    housing, time = _themes(world, workshop, "Logement", "Temps")
    second = consultation.rounds.get(number=2)
    client.force_login(world.facilitator)
    response = client.post(
        _from_themes_url(workshop), {"themes": [housing.pk, time.pk], "round": second.pk}
    )
    assert response.status_code == 302
    assert sorted(s.text for s in second.statements.all()) == [
        "Ce que disent les notes sur logement",
        "Ce que disent les notes sur temps",
    ]


def test_a_round_already_open_or_closed_is_refused_with_a_clear_message(world, workshop):
    consultation = workshop.consultation
    (housing,) = _themes(world, workshop, "Logement")
    delphi = make_delphi(world, workshop)  # round 2, open
    with pytest.raises(DomainError) as refused:
        services.add_statements_from_themes(
            actor=world.facilitator,
            consultation=consultation,
            themes=[housing],
            round_=delphi.round,
        )
    assert refused.value.field == "round"
    with translation.override("fr"):
        assert "est déjà ouvert" in str(refused.value.message)
        assert delphi.round.title in str(refused.value.message)
    services.close_round(actor=world.facilitator, round_=delphi.round)
    delphi.round.refresh_from_db()
    with pytest.raises(DomainError) as refused:
        services.add_statements_from_themes(
            actor=world.facilitator,
            consultation=consultation,
            themes=[housing],
            round_=delphi.round,
        )
    assert refused.value.message == fr("A closed round cannot take new statements.")
    # The contribution round takes no statements either.
    with pytest.raises(DomainError):
        services.add_statements_from_themes(
            actor=world.facilitator,
            consultation=consultation,
            themes=[housing],
            round_=consultation.rounds.get(number=1),
        )
    # Nothing was made: all or nothing.
    assert not Statement.objects.filter(theme=housing).exists()


def test_a_round_of_another_consultation_is_refused(world, workshop):
    (housing,) = _themes(world, workshop, "Logement")
    other = services.create_consultation(
        actor=world.facilitator, collective=world.collective, title="Autre", method="spiral"
    )
    with pytest.raises(DomainError) as refused:
        services.add_statements_from_themes(
            actor=world.facilitator,
            consultation=workshop.consultation,
            themes=[housing],
            round_=other.rounds.get(number=2),
        )
    assert refused.value.field == "round"
    assert not Statement.objects.exists()


def test_the_form_refuses_an_open_round_and_keeps_the_ticked_themes(client, world, workshop):
    (housing,) = _themes(world, workshop, "Logement")
    delphi = make_delphi(world, workshop)
    before = Statement.objects.count()
    client.force_login(world.facilitator)
    response = client.post(
        _from_themes_url(workshop), {"themes": [housing.pk], "round": delphi.round.pk}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert said("Choose a vote round of this consultation that has not opened yet.") in page
    assert f'value="{housing.pk}" id="theme-{housing.pk}" checked' in page
    assert Statement.objects.count() == before


def test_only_a_round_being_prepared_offers_statements_from_the_themes(client, world, workshop):
    consultation = workshop.consultation
    _themes(world, workshop, "Logement")
    client.force_login(world.facilitator)
    planned = consultation.rounds.get(number=2)
    args = [world.collective.slug, consultation.pk, planned.number]
    link = _from_themes_url(workshop) + f"?tour={planned.number}"
    statements_page = reverse("consultations:round_statements", args=args)
    assert link in client.get(statements_page).content.decode()
    make_delphi(world, workshop)  # round 2 opens
    assert link not in client.get(statements_page).content.decode()
