"""A planned project on the board of tests/projects/setting.py: two phases, tasks
with durations in a chain (a critical path), a late one, a deadline, a milestone."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from maillage.actions import services_planning
from maillage.actions.services import create_action

from ..projects.setting import build_board

LONG = (
    "Préparer avec les territoires la séance de restitution, en reprenant les "
    "contributions des ateliers et les engagements « qu'est-ce que je peux faire ? »"
)


@dataclass
class Planned:
    board: object
    project: object
    phases: list
    tasks: list


def build_planned(world, count=6, long=False):
    """The board's project with ``count`` tasks (at least 4) in two phases: the first
    three in a chain, the fourth late, the others one week each."""
    board = build_board(world)
    today = timezone.localdate()
    boss = world.coordinator
    project = board.project
    phases = [
        services_planning.create_phase(
            actor=boss,
            collective=world.collective,
            project=project,
            title=title,
            starts_on=today + timedelta(days=start),
            ends_on=today + timedelta(days=end),
        )
        for title, start, end in (("Préparation", -14, 20), ("Séances", 21, 120))
    ]
    tasks = []
    for number in range(count):
        start = today + timedelta(days=-7 + 5 * number)
        title = f"Tâche {number + 1:03d}: " + (LONG if long else "préparer la salle")
        tasks.append(
            create_action(
                actor=boss,
                collective=world.collective,
                title=title[:300],
                owners=[world.member if number % 2 else world.facilitator],
                start_date=start,
                due_date=start + timedelta(days=4),
                project=project,
                phase=phases[0 if number < count // 2 else 1],
            )
        )
    late = tasks[3]
    late.start_date, late.due_date = today - timedelta(days=20), today - timedelta(days=3)
    late.save(update_fields=["start_date", "due_date"])
    for before, after in zip(tasks[:2], tasks[1:3], strict=True):
        services_planning.add_dependency(actor=boss, action=after, before=before)
    return Planned(board=board, project=project, phases=phases, tasks=tasks)
