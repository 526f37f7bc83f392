"""The board's exports are made once per board, day and language (core.downloads): a
member asking again gets the kept file; any change on the board gives a new one."""

import pytest
from django.test import Client
from django.urls import reverse

from maillage.actions import services as actions
from maillage.projects import exports, services

pytestmark = pytest.mark.django_db

WRITERS = {"xlsx": "board_xlsx", "csv": "board_csv", "docx": "board_docx"}


@pytest.fixture
def builds(monkeypatch):
    from maillage.projects import views_exports

    counts = dict.fromkeys(WRITERS, 0)
    for extension, name in WRITERS.items():
        write = getattr(exports, name)

        def counted(*args, write=write, extension=extension, **kwargs):
            counts[extension] += 1
            return write(*args, **kwargs)

        monkeypatch.setattr(views_exports, name, counted)
    return counts


def member_of(world, persona="member"):
    client = Client()
    client.force_login(world.persona(persona))
    return client


def export(client, world, extension):
    return client.get(reverse(f"projects:export_{extension}", args=[world.collective.slug]))


CHANGES = {
    "a project's status": lambda world, board: services.set_status(
        actor=world.coordinator, project=board.project, status="done"
    ),
    "a new project": lambda world, board: services.create_project(
        actor=world.coordinator,
        work_stream=board.streams[1],
        title="Repair café",
        pilots=[world.member],
    ),
    "an action done": lambda world, board: actions.set_status(
        actor=world.coordinator,
        action=board.actions[0],
        status="done",
        base_version=board.actions[0].version,
    ),
    "a need met": lambda world, board: services.close_need(
        actor=world.coordinator, need=board.call
    ),
}


@pytest.mark.parametrize("extension", sorted(WRITERS))
def test_a_second_download_does_not_make_the_file_again(world, board, builds, extension):
    first = export(member_of(world), world, extension)
    again = export(member_of(world, "observer"), world, extension)
    assert first.status_code == again.status_code == 200
    assert again.content == first.content and again["ETag"] == first["ETag"]
    assert first["Cache-Control"] == "private, no-cache"
    assert builds[extension] == 1


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_change_on_the_board_gives_a_new_file(world, board, builds, change):
    client = member_of(world)
    before = export(client, world, "csv")
    CHANGES[change](world, board)
    after = export(client, world, "csv")
    assert builds["csv"] == 2
    assert after["ETag"] != before["ETag"] and after.content != before.content
