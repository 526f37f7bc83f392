"""The lifecycle properties templates and views read instead of comparing status strings:
each says yes for its own status only."""

import datetime

import pytest

from maillage.actions.models import Action, ActionStatus
from maillage.collectives.models import MembershipRequest, RequestStatus
from maillage.events.models import Event, EventStatus, Registration, RegistrationStatus
from maillage.projects.models import Need, Project, ProjectStatus, WorkStream, WorkStreamStatus


def _true_for(model, statuses, properties):
    """{status: [the properties that hold]} for an unsaved ``model`` in each status."""
    return {
        status: [name for name in properties if getattr(model(status=status), name)]
        for status in statuses
    }


def test_an_event_is_draft_published_or_cancelled():
    assert _true_for(Event, EventStatus.values, ["is_draft", "is_published", "is_cancelled"]) == {
        "draft": ["is_draft"],
        "published": ["is_published"],
        "cancelled": ["is_cancelled"],
    }


def test_a_registration_is_confirmed_waiting_or_cancelled():
    names = ["is_confirmed", "is_waiting", "is_cancelled"]
    assert _true_for(Registration, RegistrationStatus.values, names) == {
        "confirmed": ["is_confirmed"],
        "waiting": ["is_waiting"],
        "cancelled": ["is_cancelled"],
    }


def test_an_action_is_in_one_status_and_open_while_to_do_or_in_progress():
    names = ["is_todo", "is_in_progress", "is_done", "is_dropped", "is_open"]
    assert _true_for(Action, ActionStatus.values, names) == {
        "todo": ["is_todo", "is_open"],
        "in_progress": ["is_in_progress", "is_open"],
        "done": ["is_done"],
        "dropped": ["is_dropped"],
    }


def test_a_request_to_join_is_pending_then_accepted_or_not():
    names = ["is_pending", "is_accepted"]
    assert _true_for(MembershipRequest, RequestStatus.values, names) == {
        "pending": ["is_pending"],
        "accepted": ["is_accepted"],
        "refused": [],
        "withdrawn": [],
    }


def test_a_work_stream_is_active_or_not():
    assert _true_for(WorkStream, WorkStreamStatus.values, ["is_active"]) == {
        "active": ["is_active"],
        "paused": [],
        "closed": [],
    }


def test_each_project_status_has_the_badge_it_had_in_the_template():
    assert {status: Project(status=status).badge_kind for status in ProjectStatus.values} == {
        "idea": "",
        "feasibility": "accent",
        "running": "info",
        "paused": "warning",
        "done": "ok",
        "abandoned": "danger",
    }


@pytest.mark.parametrize(
    ("met_at", "archived_at", "is_open"),
    [
        (None, None, True),
        (datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC), None, False),
        (None, datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC), False),
    ],
)
def test_a_need_is_open_until_met_or_given_up(met_at, archived_at, is_open):
    assert Need(met_at=met_at, archived_at=archived_at).is_open is is_open
