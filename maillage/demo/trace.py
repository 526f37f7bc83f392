"""The demo's one complete trace, loaded by `manage.py load_demo` through the services.

The Geneva working group's workshop "Pourquoi sommes-nous là ?" (consultations' demo):
its notes were gathered into themes, and the statement of the theme "Un revenu de
transition pour Genève" was put to the vote in the Delphi round. Here that round
closes; the group met a little earlier today to go through its results (a meeting of
its own, between the founding plenary and the coming one of meetings' demo), and
the statement becomes that meeting's decision, on the item "Choix d'un premier projet
pilote", recorded by its secretary afterwards; two actions follow, one of them from a
pledge written on paper at the workshop; both belong to the pilot project of Meyrin,
started today and shown on the group's public results page, whose first milestone (the
plot of the shared gardens the pledge offered) is reached. Every date follows the one
before it.

It finds what the other demos made by their titles and adds nothing when the trace is
already there (or when they are missing). The people are the demo's invented people.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from maillage.actions import services as actions
from maillage.consultations import services as consultations
from maillage.consultations.models import Consultation, QuestionKind
from maillage.meetings import services as meetings
from maillage.meetings.models import Attendance, Decision, MeetingKind
from maillage.projects import services as projects
from maillage.projects.models import ProjectStatus

SLUG = "gt-rte-geneve"
CONSULTATION = "Pourquoi sommes-nous là\u00a0?"
STATEMENT = "Le groupe existe pour préparer et tester un revenu de transition écologique à Genève."
NEXT_MEETING = "Point d'étape\u00a0: les résultats du tour Delphi"
ITEM = "Choix d'un premier projet pilote"
DECISION = (
    "Le groupe se donne pour raison d'être de préparer et de tester un revenu de transition "
    "écologique à Genève, en commençant par un projet pilote à Meyrin."
)
PLEDGE_QUESTION = "Que pouvez-vous faire, vous, pour que le groupe avance\u00a0?"
PLEDGE = "Je peux proposer un terrain des jardins partagés de Meyrin pour un projet pilote."
PROJECT = "Projet pilote RTE à Meyrin"
PROJECT_CONTENT = (
    "Une dizaine de personnes reçoivent un revenu de transition écologique pendant un an "
    "pour cultiver et animer les jardins partagés de Meyrin, avec l'accompagnement de "
    "l'association Après-GE et de la commune."
)


def load(person, collectives_by_slug):
    """Add the trace unless it is there or the demo it builds on is missing."""
    geneva = collectives_by_slug.get(SLUG)
    consultation = Consultation.objects.filter(collective=geneva, title=CONSULTATION).first()
    if geneva is None or consultation is None:
        return
    if Decision.objects.filter(statement__consultation=consultation).exists():
        return
    with transaction.atomic():
        _trace(person, geneva, consultation)


def _meeting(camille, julien, geneva, consultation):
    """The group's short online session of today, ended an hour ago, on the round's
    results: between the founding plenary, which held the workshop, and the coming one."""
    now = timezone.now()
    meeting = meetings.create_meeting(
        actor=camille,
        collective=geneva,
        facilitators=[camille],
        secretary=julien,
        kind=MeetingKind.WORKING_GROUP,
        title=NEXT_MEETING,
        purpose="Lire ensemble les résultats du tour Delphi et choisir un premier projet pilote.",
        starts_at=now - timedelta(hours=2),
        ends_at=now - timedelta(hours=1),
        time_zone="Europe/Zurich",
        online_url="https://visio.example.org/gt-rte",
        consultation=consultation,
    )
    meetings.add_item(actor=camille, meeting=meeting, title="Résultats du tour Delphi")
    meetings.add_item(actor=camille, meeting=meeting, title=ITEM)
    present = {invitee.pk: Attendance.PRESENT for invitee in meeting.invitees.all()[:6]}
    meetings.record_attendance(actor=julien, meeting=meeting, marks=present)
    return meeting


def _trace(person, geneva, consultation):
    camille, julien, lea, nadia = (person(key) for key in ("camille", "julien", "lea", "nadia"))
    delphi = consultation.rounds.get(number=2)
    if delphi.is_open:
        consultations.close_round(actor=camille, round_=delphi)
    meeting = _meeting(camille, julien, geneva, consultation)
    # A pledge the group wrote on paper at the workshop, typed in by its facilitator.
    group = consultation.groups.get()
    question = consultations.add_question(
        actor=camille, consultation=consultation, text=PLEDGE_QUESTION, kind=QuestionKind.PLEDGE
    )
    (note,) = consultations.enter_paper_notes(
        actor=julien, group=group, question=question, lines=PLEDGE
    )
    commitment = consultations.make_commitment(
        actor=julien,
        note=note,
        text="Proposer un terrain des jardins partagés de Meyrin pour le projet pilote",
        due_on=timezone.localdate() + timedelta(days=21),
        person=nadia,
    )
    decision = meetings.decide_from_statement(
        actor=camille,
        round_=delphi,
        statement=consultation.statements.get(text=STATEMENT),
        meeting=meeting,
        item=meeting.items.filter(title=ITEM).first(),
        text=DECISION,
    )
    stream = projects.create_work_stream(
        actor=camille,
        collective=geneva,
        title="Projets pilotes",
        purpose="Tester le revenu de transition écologique sur le terrain, à petite échelle.",
    )
    project = projects.create_project(
        actor=camille,
        work_stream=stream,
        title=PROJECT,
        pilots=[lea, nadia],
        partners=list(geneva.organisations.filter(name="Ville de Meyrin")),
        content=PROJECT_CONTENT,
        status=ProjectStatus.RUNNING,
        phase="Préparation",
        starts_on=timezone.localdate(),
        public=True,
    )
    actions.create_action(
        actor=camille,
        collective=geneva,
        title="Rédiger la fiche du projet pilote pour la commune de Meyrin",
        owners=[lea],
        due_date=timezone.localdate() + timedelta(days=30),
        description="Personnes visées, accompagnement, budget et calendrier, en deux pages.",
        meeting=meeting,
        decision=decision,
        project=project,
    )
    actions.action_from_commitment(
        actor=camille, commitment=commitment, project=project, decision=decision
    )
    milestone = projects.add_milestone(
        actor=lea,
        project=project,
        title="Terrain des jardins partagés réservé",
        due_on=timezone.localdate() + timedelta(days=7),
    )
    # Nadia's offer was taken up at once: the plot is reserved the same day.
    projects.reach_milestone(actor=lea, milestone=milestone, reached_on=timezone.localdate())
    projects.add_milestone(
        actor=lea,
        project=project,
        title="Premières personnes accueillies",
        due_on=timezone.localdate() + timedelta(days=60),
    )
