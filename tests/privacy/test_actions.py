"""The actions app's part of "my data" and of an erasure (maillage/actions/privacy.py)."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from maillage.actions import privacy, services
from maillage.actions.models import Action, ActionComment, ActionOwner, DigestSent
from maillage.core import personal
from maillage.core.personal import Person, deleted_name

from ..factories import make_action
from .app_texts import texts_holding

pytestmark = pytest.mark.django_db

NAME = "Camille Rochat"
GUEST = "Zoé Pittet"


@pytest.fixture
def held(world):
    """The world's member, renamed, owns an action with a guest, comments on it, got a
    digest; another action of the other collective names the same guest."""
    member = world.member
    member.display_name = NAME
    member.save(update_fields=["display_name"])
    today = timezone.localdate()
    action = make_action(
        collective=world.collective,
        title=f"Budget avec {NAME}",
        description=f"Écrire à {member.email}",
        owners=[member, GUEST],
        due_date=today + timedelta(days=7),
        created_by=world.coordinator,
    )
    services.add_action_comment(actor=member, action=action, text="J'ai commencé.")
    services.add_action_comment(
        actor=world.coordinator, action=action, text=f"Merci {NAME} et {GUEST} !"
    )
    DigestSent.objects.create(user=member, week="2026-W49")
    elsewhere = make_action(
        collective=world.other,
        title="Salle pour le forum",
        owners=[GUEST],
        created_by=world.outsider,
    )
    return action, elsewhere


def test_the_export_holds_the_persons_actions_comments_and_digests(world, held):
    data = privacy.export(Person(user=world.member))
    assert json.loads(json.dumps(data)) == data  # JSON-ready
    assert data["actions"] == [
        {
            "collective": world.collective.name,
            "title": f"Budget avec {NAME}",
            "details": f"Écrire à {world.member.email}",
            "due_date": held[0].due_date.isoformat(),
            "status": "todo",
            "completed_at": None,
            "your_part": ["owner"],
        }
    ]
    assert [c["text"] for c in data["comments"]] == ["J'ai commencé."]
    assert data["digests_sent"][0]["week"] == "2026-W49"
    # Someone else's: the coordinator created the action and wrote the other comment.
    other = privacy.export(Person(user=world.coordinator))
    assert other["actions"][0]["your_part"] == ["created"]
    assert [c["text"] for c in other["comments"]] == [f"Merci {NAME} et {GUEST} !"]
    assert "digests_sent" not in other
    assert privacy.export(Person(user=world.observer)) == {}


def test_erase_keeps_the_work_and_leaves_no_name_or_address(world, held):
    action, elsewhere = held
    person = Person(user=world.member)
    person.names.add(GUEST)  # as the events or meetings app would have found it

    counts = privacy.erase(person)

    assert counts == {"guest_owners": 2, "digests": 1, "texts": 2}
    assert texts_holding("actions", NAME, GUEST, world.member.email) == []
    assert not DigestSent.objects.exists()
    assert ActionComment.objects.count() == 2
    assert Action.objects.count() == 2
    action.refresh_from_db()
    assert action.title == f"Budget avec {deleted_name()}"
    # The account stays an owner (the privacy app anonymises it); the guest is nobody.
    owners = list(action.owners.order_by("position"))
    assert [o.user for o in owners] == [world.member, None]
    assert owners[1].name == deleted_name()
    assert ActionComment.objects.filter(author=world.member).count() == 1


def test_an_erasure_by_address_for_one_collective_leaves_the_others(world, held):
    action, elsewhere = held
    person = Person(email="zoe@example.org", collectives=frozenset({world.collective.pk}))
    person.names.add(GUEST)

    counts = privacy.erase(person)

    assert counts == {"guest_owners": 1, "texts": 1}
    assert ActionOwner.objects.get(action=elsewhere).name == GUEST
    assert ActionOwner.objects.get(action=action, user=None).name == deleted_name()
    # Not its collective's nor its account's: the digest and the member's name stay.
    assert DigestSent.objects.count() == 1
    assert Action.objects.get(pk=action.pk).title == f"Budget avec {NAME}"


def test_a_second_deleted_guest_on_one_action_is_removed_not_doubled(world, held):
    action, _ = held
    first = Person(email="zoe@example.org")
    first.names.add(GUEST)
    privacy.erase(first)
    ActionOwner.objects.create(action=action, position=5, name="Léa Favre")
    second = Person(email="lea@example.org")
    second.names.add("Léa Favre")

    assert privacy.erase(second) == {"guest_owners": 1}
    assert list(action.owners.filter(user=None).values_list("name", flat=True)) == [deleted_name()]


def test_the_apps_register_and_those_finding_names_erase_first():
    order = [app for app, _ in personal.erasers()]
    assert {"actions", "consultations", "events", "meetings", "projects"} <= set(order)
    for finder in ("consultations", "events", "meetings"):
        assert order.index(finder) < order.index("actions")
        assert order.index(finder) < order.index("projects")
