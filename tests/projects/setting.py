"""A small board built through the services, on ``world`` (tests/conftest.py).

Two work streams of the world's private collective; the project "Cafés de l'emploi"
is piloted by the world's member (so the member is a pilot: they edit it) with a
milestone, a funding need, a call for volunteers, and two actions.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from maillage.actions.services import create_action
from maillage.projects import services


@dataclass
class Board:
    streams: list
    project: object
    other_project: object
    milestone: object
    funding: object
    call: object
    actions: list


def build_board(world):
    today = timezone.localdate()
    boss = world.coordinator
    emploi = services.create_work_stream(
        actor=boss, collective=world.collective, title="Emploi", purpose="Rapprocher."
    )
    territoire = services.create_work_stream(
        actor=boss, collective=world.collective, title="Coopération territoriale"
    )
    project = services.create_project(
        actor=boss,
        work_stream=emploi,
        title="Cafés de l'emploi",
        pilots=[world.member],
        partners=[world.organisation],
        content="Des **rencontres** mensuelles entre personnes en recherche et recruteurs.",
        status="running",
        phase="Développement",
        starts_on=today - timedelta(days=60),
        ends_on=today + timedelta(days=300),
    )
    other = services.create_project(
        actor=boss,
        work_stream=territoire,
        title="Groupement d'employeurs",
        pilots=[world.facilitator],
        status="feasibility",
    )
    milestone = services.add_milestone(
        actor=boss, project=project, title="Premier café", due_on=today + timedelta(days=10)
    )
    funding = services.add_need(
        actor=boss,
        project=other,
        kind="funding",
        description="Étude de faisabilité",
        amount="25 000",
        currency="EUR",
        approached="Département, fondation",
    )
    call = services.add_need(
        actor=boss, project=project, kind="volunteers", description="Accueillir les personnes"
    )
    actions = [
        create_action(
            actor=boss,
            collective=world.collective,
            title="Réserver la salle",
            owners=[world.member],
            due_date=today - timedelta(days=2),
            project=project,
        ),
        create_action(
            actor=boss,
            collective=world.collective,
            title="Inviter les recruteurs",
            owners=[world.facilitator],
            due_date=today + timedelta(days=7),
            project=project,
        ),
    ]
    return Board(
        streams=[emploi, territoire],
        project=project,
        other_project=other,
        milestone=milestone,
        funding=funding,
        call=call,
        actions=actions,
    )
