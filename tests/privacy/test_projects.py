"""The projects app's part of "my data" and of an erasure (maillage/projects/privacy.py)."""

import json

import pytest

from maillage.core.personal import Person, deleted_name
from maillage.projects import privacy, services
from maillage.projects.models import Need, Project, ProjectComment, VolunteerSignup

from ..projects.setting import build_board
from .app_texts import texts_holding

pytestmark = pytest.mark.django_db

NAME = "Camille Rochat"


@pytest.fixture
def board(world):
    world.member.display_name = NAME
    world.member.save(update_fields=["display_name"])
    board = build_board(world)
    services.volunteer(actor=world.member, need=board.call, message="Le mardi soir, 079 555 12 34")
    services.volunteer(actor=world.facilitator, need=board.call, message="Le jeudi")
    services.add_project_comment(actor=world.member, project=board.project, text="On avance.")
    services.add_project_comment(
        actor=world.coordinator, project=board.project, text=f"Merci à {NAME} pour l'accueil."
    )
    return board


def test_the_export_holds_the_persons_projects_signups_and_comments(world, board):
    data = privacy.export(Person(user=world.member))
    assert json.loads(json.dumps(data)) == data  # JSON-ready
    assert data["projects"] == [
        {
            "collective": world.collective.name,
            "title": "Cafés de l'emploi",
            "status": "running",
            "starts_on": board.project.starts_on.isoformat(),
            "ends_on": board.project.ends_on.isoformat(),
            "your_part": ["pilot"],
        }
    ]
    [signup] = data["volunteer_signups"]
    assert signup["need"] == "Accueillir les personnes"
    assert signup["message"] == "Le mardi soir, 079 555 12 34"
    assert [c["text"] for c in data["comments"]] == ["On avance."]
    # Someone else's sign-up and comment are theirs.
    other = privacy.export(Person(user=world.facilitator))
    assert [s["message"] for s in other["volunteer_signups"]] == ["Le jeudi"]
    assert "comments" not in other
    assert privacy.export(Person(email="nobody@example.org")) == {}


def test_erase_withdraws_the_signups_and_keeps_the_work(world, board):
    counts = privacy.erase(Person(user=world.member))

    assert counts == {"volunteer_signups": 1, "texts": 1}
    assert texts_holding("projects", NAME, world.member.email, "079 555 12 34") == []
    mine = VolunteerSignup.objects.get(user=world.member)
    assert mine.message == "" and mine.withdrawn_at is not None
    theirs = VolunteerSignup.objects.get(user=world.facilitator)
    assert theirs.message == "Le jeudi" and theirs.withdrawn_at is None
    # The group's work stays: both comments, the projects, the needs.
    assert ProjectComment.objects.count() == 2
    assert ProjectComment.objects.filter(text=f"Merci à {deleted_name()} pour l'accueil.").exists()
    assert Project.objects.count() == 2 and Need.objects.count() == 2


def test_an_erasure_for_another_collective_changes_nothing_here(world, board):
    person = Person(user=world.member, collectives=frozenset({world.other.pk}))
    assert privacy.erase(person) == {}
    assert VolunteerSignup.objects.get(user=world.member).message == "Le mardi soir, 079 555 12 34"
    assert ProjectComment.objects.filter(text__contains=NAME).count() == 1
