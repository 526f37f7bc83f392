"""Entries of the permission matrix (tests/test_permissions.py) for planning: an
action's dates and dependencies, and the phases of projects and consultations.

Same shape as there: name: (method, args builder or None, POST data, expected
status by persona). Those who may change an action (its owner, here the member, and
those who run the collective) move it and link it to others. A project's phases are
read by whoever reads the project and the collective's actions, and changed by its
pilots (the member pilots the board's project) and the coordinators; a consultation's
by whoever runs it (the facilitator and the coordinator).
"""

from datetime import timedelta

from django.utils import timezone

from maillage.actions import services_planning
from maillage.actions.models import Phase

from ..factories import ConsultationFactory, make_action
from ..permission_helpers import in_collective
from ..projects.setting import build_board
from .matrix_actions import members_action

# The action the new dependency points to, made by the argument builder (its id is
# known only then); the POST data is read after the builder ran.
DEPENDENCY = {}


def _other_action(w, title="Réserver la salle"):
    return make_action(
        collective=w.collective,
        title=title,
        due_date=timezone.localdate() + timedelta(days=3),
        created_by=w.coordinator,
    )


def action_and_other(w):
    slug, pk = members_action(w)
    DEPENDENCY["before"] = _other_action(w).pk
    return [slug, pk]


def dependency(w):
    slug, pk = members_action(w)
    before = _other_action(w)
    services_planning.add_dependency(
        actor=w.coordinator, action=before.collective.actions.get(pk=pk), before=before
    )
    return [slug, pk, before.pk]


def project(w):
    return [w.collective.slug, build_board(w).project.pk]


def consultation(w):
    made = ConsultationFactory(collective=w.collective, created_by=w.facilitator)
    return [w.collective.slug, made.pk]


def project_phase(w):
    board = build_board(w)
    phase = services_planning.create_phase(
        actor=w.coordinator, collective=w.collective, project=board.project, title="Lancement"
    )
    return [w.collective.slug, phase.pk]


def consultation_phase(w):
    slug, pk = consultation(w)
    phase = services_planning.create_phase(
        actor=w.coordinator,
        collective=w.collective,
        consultation=w.collective.consultations.get(pk=pk),
        title="Préparation",
    )
    assert Phase.objects.filter(pk=phase.pk).exists()
    return [slug, phase.pk]


changes_action = {**in_collective(302, minimum="facilitator"), "member": 302}
pilots = {**in_collective(200, minimum="coordinator"), "member": 200}

MATRIX = {
    "actions:dates": (
        "post",
        members_action,
        {"start_date": "2027-01-04", "due_date": "2027-01-08", "base_version": 1},
        changes_action,
    ),
    "actions:dependency_add": ("post", action_and_other, DEPENDENCY, changes_action),
    "actions:dependency_remove": ("post", dependency, {}, changes_action),
    "actions:project_phases": ("get", project, None, in_collective(200)),
    "actions:consultation_phases": ("get", consultation, None, in_collective(200)),
    "actions:phase_edit": ("get", project_phase, None, pilots),
    "actions:phase_delete": ("get", project_phase, None, pilots),
}
PUBLIC_MATRIX = {
    # On a public collective, outsiders may see a project's page, not its actions.
    "actions:project_phases": ("get", project, None, in_collective(200, outsider=403)),
}
