"""Demonstration plans, loaded by `manage.py load_demo` through the services: tasks with
start and due dates, phases and finish-to-start dependencies, drawn as Gantt charts.

- CO-ACTE: its two-day meeting (which ended twelve days before the demo's "today")
  closed on "GANTT: planning of the tasks" up to the network's February meeting. Its
  SPIRAL network consultation gets the SPIRAL phases with planned dates, and the
  co-responsibility programme written from the "what can I do?" sticky notes: who
  prepares and holds each territory's sessions, the territories' syntheses, the
  synthesis of syntheses, the Delphi round and the February meeting. Two of the tasks
  are pledges of Mulhouse's table, made actions. The first task is done; preparing
  Mulhouse's sessions is late.
- The Seine-Saint-Denis hub: the job café of its work stream "Rapprocher les personnes
  et les employeurs" (find a venue, invite recruiters, publicise, hold the café, follow
  up) and the recruitment operation beside it, in phases, with dependencies between
  the two projects, so that the work stream's Gantt shows both.

Dates follow the demo's "today" (``timezone.localdate()``), as in the other demo
modules; the February meeting is the first 25 February at least sixty days ahead.
The people are the demo's invented people; the organisations are real.
"""

import datetime
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from maillage.actions import services as actions
from maillage.actions import services_planning as planning
from maillage.actions.models import ActionStatus, Phase, PhaseKind
from maillage.collectives.models import Organisation
from maillage.consultations import services as consultations
from maillage.consultations.models import Consultation, Method, Note, QuestionKind
from maillage.projects.models import Project

# The February meeting's first day: the 25th, at least this many days after today.
FEBRUARY_DAY = 25
FEBRUARY_LEAD = 60

# CO-ACTE's programme. Each task: key, title, owners (people's keys, or organisations'
# names), phase kind, (first, last) as ("today" | "feb", days from it), depends on
# (keys), status. A task with no first day is a milestone (its due date only).
ORG_TOGETHER = "Association internationale TOGETHER"
ORG_MULHOUSE = "Ville de Mulhouse"
ORG_BRAINE = "Ville de Braine-l'Alleud"
PREP, SESSIONS, SYNTHESES, ROUNDS, FINAL = (
    PhaseKind.PREPARATION,
    PhaseKind.SESSIONS,
    PhaseKind.SYNTHESES,
    PhaseKind.ROUNDS,
    PhaseKind.FINAL_MEETING,
)
COACTE_TASKS = [
    (
        "programme",
        "Écrire le programme de coresponsabilité à partir des post-it «\u00a0Que puis-je "
        "faire\u00a0?\u00a0»",
        ["anne", "ioana"],
        PREP,
        (("today", -11), ("today", -7)),
        [],
        ActionStatus.DONE,
    ),
    (
        "prepare-mulhouse",
        "Préparer les ateliers SPIRAL des quartiers de Mulhouse (salles, invitations, post-it)",
        ["nathalie", ORG_MULHOUSE],
        PREP,
        (("today", -6), ("today", -2)),
        ["programme"],
        ActionStatus.IN_PROGRESS,
    ),
    (
        "prepare-braine",
        "Préparer les ateliers SPIRAL de Braine-l'Alleud avec le plan de cohésion sociale",
        ["francois", ORG_BRAINE],
        PREP,
        (("today", -6), ("today", 3)),
        ["programme"],
        ActionStatus.IN_PROGRESS,
    ),
    (
        "sessions-mulhouse",
        "Animer les ateliers SPIRAL des quartiers de Mulhouse",
        ["elodie"],
        SESSIONS,
        (("today", 1), ("feb", -59)),
        ["prepare-mulhouse"],
        ActionStatus.TODO,
    ),
    (
        "sessions-braine",
        "Animer les ateliers SPIRAL de Braine-l'Alleud",
        ["benoit"],
        SESSIONS,
        (("today", 4), ("feb", -59)),
        ["prepare-braine"],
        ActionStatus.TODO,
    ),
    (
        "sessions-end",
        "Fin des ateliers de territoire",
        ["ioana"],
        SESSIONS,
        (None, ("feb", -58)),
        ["sessions-mulhouse", "sessions-braine"],
        ActionStatus.TODO,
    ),
    (
        "synthesis-mulhouse",
        "Synthèse du territoire de Mulhouse",
        ["nathalie"],
        SYNTHESES,
        (("feb", -57), ("feb", -44)),
        ["sessions-end"],
        ActionStatus.TODO,
    ),
    (
        "synthesis-braine",
        "Synthèse du territoire de Braine-l'Alleud",
        ["francois"],
        SYNTHESES,
        (("feb", -57), ("feb", -47)),
        ["sessions-end"],
        ActionStatus.TODO,
    ),
    (
        "synthesis-network",
        "Synthèse des synthèses du réseau",
        ["ioana", ORG_TOGETHER],
        SYNTHESES,
        (("feb", -43), ("feb", -30)),
        ["synthesis-mulhouse", "synthesis-braine"],
        ActionStatus.TODO,
    ),
    (
        "statements",
        "Écrire les énoncés du tour Delphi à partir de la synthèse des synthèses",
        ["ioana"],
        ROUNDS,
        (("feb", -29), ("feb", -23)),
        ["synthesis-network"],
        ActionStatus.TODO,
    ),
    (
        "delphi",
        "Tour Delphi\u00a0: faire voter les territoires sur les énoncés",
        ["anne"],
        ROUNDS,
        (("feb", -22), ("feb", -9)),
        ["statements"],
        ActionStatus.TODO,
    ),
    (
        "delphi-end",
        "Fin du tour Delphi\u00a0: résultats envoyés aux territoires",
        ["anne"],
        ROUNDS,
        (None, ("feb", -8)),
        ["delphi"],
        ActionStatus.TODO,
    ),
    (
        "invitations",
        "Inviter les territoires du réseau à la rencontre de février",
        ["anne", ORG_TOGETHER],
        FINAL,
        (("feb", -29), ("feb", -15)),
        ["synthesis-network"],
        ActionStatus.TODO,
    ),
    (
        "agenda",
        "Préparer le déroulé de la rencontre de février",
        ["nathalie", "francois"],
        FINAL,
        (("feb", -7), ("feb", -1)),
        ["delphi-end", "invitations"],
        ActionStatus.TODO,
    ),
    (
        "february",
        "Rencontre du réseau de février (deux journées)",
        ["anne", "ioana"],
        FINAL,
        (("feb", 0), ("feb", 1)),
        ["agenda"],
        ActionStatus.TODO,
    ),
]
# Pledges of Mulhouse's table ("what can I do?"), made actions of the programme:
# (the sticky note's text, what is done, who, phase kind, (first, last), depends on).
COACTE_PLEDGES = [
    (
        "Je peux venir aux réunions du conseil citoyen et en rendre compte",
        "Présenter la synthèse de Mulhouse au conseil citoyen du quartier",
        "elodie",
        SYNTHESES,
        (("feb", -43), ("feb", -36)),
        ["synthesis-mulhouse"],
    ),
    (
        "Je peux traduire pour les familles qui parlent turc ou arabe",
        "Traduire l'invitation à la rencontre de février en turc et en arabe",
        "elodie",
        FINAL,
        (("feb", -22), ("feb", -16)),
        ["synthesis-network"],
    ),
]
# The SPIRAL phases' planned days, (first, last) as above.
COACTE_PHASES = {
    PREP: (("today", -11), ("today", 3)),
    SESSIONS: (("today", 1), ("feb", -58)),
    SYNTHESES: (("feb", -57), ("feb", -30)),
    ROUNDS: (("feb", -29), ("feb", -8)),
    FINAL: (("feb", -29), ("feb", 1)),
}

# The hub's job café and recruitment operation: project → [(phase, [(key, title,
# owners, (first, last) in days from today, depends on, status)])].
HUB_CAFE = "Cafés de l'emploi et leur suivi"
HUB_RECRUITMENT = "Opération de recrutement : 20 embauches par mois"
HUB_PLAN = {
    HUB_CAFE: [
        (
            "Préparer le café de l'emploi",
            [
                (
                    "venue",
                    "Trouver un lieu pour le café de l'emploi",
                    ["fatou", "Mission locale de la Dhuys"],
                    (-12, -6),
                    [],
                    ActionStatus.DONE,
                ),
                (
                    "recruiters",
                    "Inviter les recruteurs de la logistique et de l'aide à domicile",
                    ["olivier"],
                    (-5, 6),
                    ["venue", "offers"],
                    ActionStatus.IN_PROGRESS,
                ),
                (
                    "publicise",
                    "Faire connaître le café (affiches, associations, conseillers)",
                    ["hugo", "Emmaüs Connect"],
                    (7, 19),
                    ["recruiters"],
                    ActionStatus.TODO,
                ),
            ],
        ),
        (
            "Le café et ses suites",
            [
                (
                    "cafe",
                    "Tenir le café de l'emploi",
                    ["fatou"],
                    (20, 20),
                    ["publicise"],
                    ActionStatus.TODO,
                ),
                (
                    "follow-ups",
                    "Rappeler chaque personne rencontrée et remplir sa fiche de suivi",
                    ["fatou", "hugo"],
                    (21, 41),
                    ["cafe"],
                    ActionStatus.TODO,
                ),
                (
                    "review",
                    "Point à un mois avec les recruteurs",
                    ["olivier"],
                    (None, 50),
                    ["follow-ups"],
                    ActionStatus.TODO,
                ),
            ],
        ),
    ],
    HUB_RECRUITMENT: [
        (
            "Offres et candidats",
            [
                (
                    "offers",
                    "Recenser les offres à pourvoir chez les recruteurs partenaires",
                    ["olivier", "France Travail (ex-Pôle emploi)"],
                    (-14, -8),
                    [],
                    ActionStatus.DONE,
                ),
                (
                    "candidates",
                    "Préparer les candidats au café (ateliers CV et entretiens)",
                    ["amina", "Aurore"],
                    (-3, 19),
                    ["offers"],
                    ActionStatus.IN_PROGRESS,
                ),
            ],
        ),
        (
            "Période d'essai",
            [
                (
                    "trial",
                    "Accompagner les personnes recrutées pendant leur période d'essai",
                    ["amina", "olivier"],
                    (21, 80),
                    ["cafe", "candidates"],
                    ActionStatus.TODO,
                ),
            ],
        ),
    ],
}


def february_meeting(today):
    """The first day of CO-ACTE's February meeting: the first 25 February at least
    FEBRUARY_LEAD days after ``today``."""
    year = today.year
    while datetime.date(year, 2, FEBRUARY_DAY) < today + timedelta(days=FEBRUARY_LEAD):
        year += 1
    return datetime.date(year, 2, FEBRUARY_DAY)


class Calendar:
    """The days of a plan: ("today" | "feb", days) pairs as dates."""

    def __init__(self, today):
        self.anchors = {"today": today, "feb": february_meeting(today)}

    def day(self, spec):
        if spec is None:
            return None
        anchor, days = spec
        return self.anchors[anchor] + timedelta(days=days)


def load(person, by_slug):
    """Add the plans unless they are there (or the demo they build on is missing)."""
    with transaction.atomic():
        coacte = by_slug.get("co-acte")
        spiral = Consultation.objects.filter(collective=coacte, method=Method.SPIRAL).first()
        if spiral is not None and not spiral.phases.exists():
            _coacte(person, spiral, Calendar(timezone.localdate()))
        pcpe = by_slug.get("pcpe-93")
        # The titles as saved, their French spaces mended (" :" → "\u00a0:").
        projects = {
            p.title.replace("\u00a0", " "): p for p in Project.objects.filter(collective=pcpe)
        }
        if (
            pcpe is not None
            and set(HUB_PLAN) <= set(projects)
            and not Phase.objects.filter(project__collective=pcpe).exists()
        ):
            _hub(person, pcpe, projects, timezone.localdate())


def _owners(person, collective, keys):
    names = {o.name: o for o in Organisation.objects.filter(collectives=collective)}
    return [names[key] if key in names else person(key) for key in keys]


def _task(actor, collective, made, *, key, title, owners, phase, days, after, status):
    """One action of a plan, its dependencies on those already ``made`` and its status."""
    first, last = days
    action = actions.create_action(
        actor=actor,
        collective=collective,
        title=title,
        owners=owners,
        start_date=first,
        due_date=last,
        phase=phase,
    )
    _finish(actor, action, made, after, status)
    made[key] = action
    return action


def _finish(actor, action, made, after, status):
    for before in after:
        planning.add_dependency(actor=actor, action=action, before=made[before])
    if status != ActionStatus.TODO:
        action.refresh_from_db()
        actions.set_status(actor=actor, action=action, status=status, base_version=action.version)


def _coacte(person, consultation, calendar):
    anne = person("anne")
    collective = consultation.collective
    phases = {
        phase.kind: phase
        for phase in planning.add_spiral_phases(actor=anne, consultation=consultation)
    }
    for kind, (first, last) in COACTE_PHASES.items():
        planning.update_phase(
            actor=anne,
            phase=phases[kind],
            title=phases[kind].title,
            kind=kind,
            starts_on=calendar.day(first),
            ends_on=calendar.day(last),
        )
    made = {}
    for key, title, owners, kind, (first, last), after, status in COACTE_TASKS:
        _task(
            anne,
            collective,
            made,
            key=key,
            title=title,
            owners=_owners(person, collective, owners),
            phase=phases[kind],
            days=(calendar.day(first), calendar.day(last)),
            after=after,
            status=status,
        )
    _pledges(person, consultation, phases, calendar, made)
    # The Delphi round is planned for the round's weeks of the programme.
    delphi = consultation.rounds.filter(number=2).first()
    if delphi is not None and delphi.is_planned:
        consultations.update_round(
            actor=anne,
            round_=delphi,
            title=delphi.title,
            kind=delphi.kind,
            starts_on=made["delphi"].start_date,
            ends_on=made["delphi"].due_date,
            groups=list(delphi.groups.all()),
        )


def _pledges(person, consultation, phases, calendar, made):
    """Pledges of Mulhouse's table, written as commitments by its facilitator, become
    actions of the programme, in their phase and after the tasks they wait for."""
    nathalie = person("nathalie")
    for text, doing, who, kind, (first, last), after in COACTE_PLEDGES:
        note = Note.objects.filter(
            group__consultation=consultation,
            group__name="Mulhouse",
            question__kind=QuestionKind.PLEDGE,
            text=text,
        ).first()
        if note is None:
            continue
        commitment = consultations.make_commitment(
            actor=nathalie, note=note, text=doing, due_on=calendar.day(last), person=person(who)
        )
        action = actions.action_from_commitment(actor=nathalie, commitment=commitment)
        action = actions.update_action(
            actor=nathalie,
            action=action,
            base_version=action.version,
            start_date=calendar.day(first),
            phase=phases[kind],
        )
        _finish(nathalie, action, made, after, ActionStatus.TODO)


def _hub(person, collective, projects, today):
    sebastien = person("sebastien")
    made = {}
    waiting = []
    for title, phases in HUB_PLAN.items():
        project = projects[title]
        for phase_title, tasks in phases:
            days = [d for *_, (first, last), _after, _status in tasks for d in (first, last)]
            days = [today + timedelta(days=d) for d in days if d is not None]
            phase = planning.create_phase(
                actor=sebastien,
                collective=collective,
                title=phase_title,
                project=project,
                starts_on=min(days),
                ends_on=max(days),
            )
            for key, task_title, owners, (first, last), after, status in tasks:
                action = actions.create_action(
                    actor=sebastien,
                    collective=collective,
                    title=task_title,
                    owners=_owners(person, collective, owners),
                    start_date=today + timedelta(days=first) if first is not None else None,
                    due_date=today + timedelta(days=last),
                    project=project,
                    phase=phase,
                )
                made[key] = action
                waiting.append((action, after, status))
    # Dependencies cross the two projects: added once every task is there.
    for action, after, status in waiting:
        _finish(sebastien, action, made, after, status)


def gantt_paths():
    """(what, path) of the demo's Gantt charts, for the printed instructions; the
    paths the Gantt pages answer on (their names, once those pages are there)."""
    found = []
    spiral = (
        Consultation.objects.filter(collective__slug="co-acte", method=Method.SPIRAL)
        .select_related("collective")
        .first()
    )
    if spiral is not None:
        found.append(
            (
                "CO-ACTE, programme jusqu'à la rencontre de février",
                reverse("actions:consultation_gantt", args=[spiral.collective.slug, spiral.pk]),
            )
        )
    cafe = (
        Project.objects.filter(collective__slug="pcpe-93", title=HUB_CAFE)
        .select_related("collective")
        .first()
    )
    if cafe is not None:
        slug = cafe.collective.slug
        found.append(
            (
                "PCPE 93, café de l'emploi",
                reverse("projects:gantt", args=[slug, cafe.pk]),
            )
        )
        found.append(
            (
                "PCPE 93, chantier «\u00a0Rapprocher les personnes et les employeurs\u00a0»",
                reverse("projects:stream_gantt", args=[slug, cafe.work_stream_id]),
            )
        )
    return found


def summary_lines():
    """The printed lines: where to see the demo's Gantt charts."""
    paths = gantt_paths()
    if not paths:
        return []
    lines = ["", "Plannings en diagramme de Gantt (connectez-vous en tant que membre)\u00a0:"]
    lines += [f"  {what}\u00a0: {settings.SITE_URL}{path}" for what, path in paths]
    return lines
