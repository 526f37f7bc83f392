"""Dated actions for the planning tests: a task from one day to another, and the chain
A → B → C with A → D that the services' and the pages' tests move."""

from datetime import date

from maillage.actions import services_planning

from ..factories import make_action

D = date.fromisoformat


def task(world, title, start, end, **fields):
    return make_action(
        collective=world.collective,
        title=title,
        created_by=world.coordinator,
        start_date=D(start) if start else None,
        due_date=D(end) if end else None,
        **fields,
    )


def build_chain(world):
    """A (4–8 Jan, its owner the member) → B (9–12 Jan) → C (13–15 Jan), and A → D
    (a deadline on the 9th)."""
    a = task(world, "Réserver la salle", "2027-01-04", "2027-01-08", owners=[world.member])
    b = task(world, "Envoyer les invitations", "2027-01-09", "2027-01-12")
    c = task(world, "Relancer les territoires", "2027-01-13", "2027-01-15")
    d = task(world, "Valider le budget", None, "2027-01-09")
    for before, after in [(a, b), (b, c), (a, d)]:
        services_planning.add_dependency(actor=world.coordinator, action=after, before=before)
    return a, b, c, d


def dates(action):
    action.refresh_from_db()
    return action.start_date, action.due_date
