"""A public collective with something in every dataset, built on ``world``
(tests/conftest.py), and people with distinctive names and addresses in every role
that touches the published objects: none of them may appear in the open data.

- Projects: "Cafés de l'emploi" public (two milestones, one reached; a partner); its
  pilot, a comment's author and a volunteer are people; "Projet confidentiel" is not
  public.
- Events: a published round table (2 seats: two confirmed, one of them checked in,
  one waiting; an organiser, a speaker, registrants with answers) and a draft.
- Consultations: one open with its synthesis published (a group, participants with
  names and notes, a theme with its statement, a commitment, a closed vote round whose
  votes carry comments, an open one); one whose synthesis is not published; a draft.
- Catalogue (tests/orientation/setting.py): the published offers, their contacts
  renamed to people, and an unpublished draft.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from maillage.collectives.models import Visibility
from maillage.consultations.models import Commitment, Vote
from maillage.events import services as events
from maillage.events.services_registrations import check_in, register
from maillage.projects import services as projects
from maillage.projects.services_needs import add_need, volunteer

from ..factories import (
    ConsultationFactory,
    GroupFactory,
    MembershipFactory,
    NoteFactory,
    ParticipantFactory,
    QuestionFactory,
    RoundFactory,
    StatementFactory,
    ThemeFactory,
)
from ..orientation.setting import build_catalogue

# Every person below: a name and an address that appear nowhere else.
PEOPLE = {
    "pilot": ("Zéphyrine Quatremains", "zephyrine.quatremains@prive.example"),
    "organiser": ("Anatole Brisefer", "anatole.brisefer@prive.example"),
    "commenter": ("Philomène Courtecuisse", "philomene.courtecuisse@prive.example"),
    "volunteer": ("Barnabé Tournesol", "barnabe.tournesol@prive.example"),
    "participant": ("Eulalie Vendredi", "eulalie.vendredi@prive.example"),
    "committed": ("Hortense Lapalisse", "hortense.lapalisse@prive.example"),
}
GUESTS = {
    "speaker": "Théodule Fripouille",
    "registrant": ("Clodomir Pichenette", "clodomir.pichenette@prive.example"),
    "attendee": ("Ermengarde Sauterelle", "ermengarde.sauterelle@prive.example"),
    "waiting": ("Gontran Mirliton", "gontran.mirliton@prive.example"),
    "anonymous_participant": "Ludivine Cornemuse",
    "referent": ("Séraphin Lampion", "seraphin.lampion@prive.example", "+41 79 555 12 34"),
}
# Words people wrote themselves, which never go in the open data.
OWN_WORDS = [
    "NOTE-D-EULALIE",
    "COMMENTAIRE-DE-VOTE",
    "ENGAGEMENT-D-HORTENSE",
    "COMMENTAIRE-DE-PROJET",
    "MESSAGE-DU-BENEVOLE",
    "REPONSE-D-INSCRIPTION",
]
# Content that is not public, which never goes in the open data either.
PRIVATE = [
    "Projet confidentiel",
    "Atelier en brouillon",
    "Thème pas encore publié",
    "Consultation en préparation",
    "Brouillon de l'offre",
]


def secrets():
    """Every string that must not appear in any file."""
    found = list(OWN_WORDS) + list(PRIVATE)
    for name, email in PEOPLE.values():
        found += [name, email]
    found += [GUESTS["speaker"], GUESTS["anonymous_participant"]]
    for key in ("registrant", "attendee", "waiting", "referent"):
        found += list(GUESTS[key])
    return found


@dataclass
class Published:
    project: object
    hidden_project: object
    event: object
    draft_event: object
    consultation: object
    unpublished: object
    draft_consultation: object
    theme: object
    agree_round: object
    rate_round: object
    catalogue: object


def person(world, key, role="member"):
    name, email = PEOPLE[key]
    return MembershipFactory(
        collective=world.collective, role=role, user__display_name=name, user__email=email
    ).user


def build_published(world):
    collective = world.collective
    collective.visibility = Visibility.PUBLIC
    collective.save(update_fields=["visibility"])
    boss = world.coordinator
    today = timezone.localdate()

    # ---------------------------------------------------------------- projects
    stream = projects.create_work_stream(actor=boss, collective=collective, title="Emploi")
    project = projects.create_project(
        actor=boss,
        work_stream=stream,
        title="Cafés de l'emploi",
        pilots=[person(world, "pilot")],
        partners=[world.organisation],
        content="Animé par Zéphyrine Quatremains.",
        status="running",
        phase="Développement",
        starts_on=today - timedelta(days=30),
    )
    first = projects.add_milestone(
        actor=boss, project=project, title="Premier café", due_on=today - timedelta(days=5)
    )
    projects.reach_milestone(actor=boss, milestone=first, reached_on=today - timedelta(days=6))
    projects.add_milestone(
        actor=boss, project=project, title="Dixième café", due_on=today + timedelta(days=90)
    )
    project = projects.update_project(
        actor=boss, project=project, base_version=project.version, public=True
    )
    projects.add_project_comment(
        actor=person(world, "commenter"), project=project, text="COMMENTAIRE-DE-PROJET"
    )
    need = add_need(actor=boss, project=project, kind="volunteers", description="Accueil")
    volunteer(actor=person(world, "volunteer"), need=need, message="MESSAGE-DU-BENEVOLE")
    hidden = projects.create_project(
        actor=boss, work_stream=stream, title="Projet confidentiel", pilots=[boss]
    )

    # ------------------------------------------------------------------ events
    organiser = person(world, "organiser", role="facilitator")
    start = (timezone.now() + timedelta(days=10)).replace(
        hour=17, minute=0, second=0, microsecond=0
    )
    event = events.create_event(
        actor=boss,
        collective=collective,
        organisers=[organiser],
        capacity=2,
        title="Table ronde : le revenu de transition",
        kind="round_table",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="Maison des associations",
        description="Avec Anatole Brisefer.",
    )
    events.add_speaker(actor=boss, event=event, name=GUESTS["speaker"])
    events.add_question(actor=boss, event=event, label="Régime alimentaire", kind="text")
    event = events.publish_event(actor=boss, event=event)
    question = event.questions.get()
    answers = {str(question.pk): "REPONSE-D-INSCRIPTION"}
    name, email = GUESTS["registrant"]
    register(event=event, name=name, email=email, answers=answers)
    name, email = GUESTS["attendee"]
    attendee = register(event=event, name=name, email=email, answers=answers)
    name, email = GUESTS["waiting"]
    register(event=event, name=name, email=email, answers=answers)
    check_in(actor=organiser, registration=attendee)
    draft_event = events.create_event(
        actor=boss,
        collective=collective,
        organisers=[organiser],
        title="Atelier en brouillon",
        kind="workshop",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
    )

    # ----------------------------------------------------------- consultations
    consultation = ConsultationFactory(
        collective=collective, created_by=boss, synthesis_published_at=timezone.now()
    )
    group = GroupFactory(consultation=consultation, name="Table des Pâquis")
    question = QuestionFactory(consultation=consultation)
    participant = ParticipantFactory(
        group=group, user=person(world, "participant"), display_name=PEOPLE["participant"][0]
    )
    anonymous = ParticipantFactory(group=group, display_name=GUESTS["anonymous_participant"])
    theme = ThemeFactory(
        group=group,
        title="Un travail qui a du sens",
        statement="Le travail doit avoir du sens pour chacun.",
        created_by=boss,
    )
    notes = [
        NoteFactory(participant=p, group=group, question=question, theme=theme, text=text)
        for p, text in [(participant, "NOTE-D-EULALIE"), (anonymous, "Une autre idée")]
    ]
    NoteFactory(participant=anonymous, group=group, question=question, text="Sans thème")
    Commitment.objects.create(
        note=notes[0],
        text="ENGAGEMENT-D-HORTENSE",
        person=person(world, "committed"),
        due_on=today,
        created_by=boss,
    )
    statement = StatementFactory(consultation=consultation, theme=theme, text="Le sens d'abord")
    other_statement = StatementFactory(consultation=consultation, text="Le revenu d'abord")
    agree_round = RoundFactory(
        consultation=consultation, number=1, title="Vote", kind="agree", status="closed"
    )
    agree_round.statements.set([statement, other_statement])
    voters = [participant, anonymous] + [ParticipantFactory(group=group) for _ in range(2)]
    for voter, choice in zip(voters, [1, 1, 1, -1], strict=True):
        Vote.objects.create(
            round=agree_round,
            statement=statement,
            participant=voter,
            choice=choice,
            comment="COMMENTAIRE-DE-VOTE",
        )
    Vote.objects.create(
        round=agree_round, statement=other_statement, participant=anonymous, choice=0
    )
    rate_round = RoundFactory(
        consultation=consultation, number=2, title="Notes", kind="rate", status="closed"
    )
    rate_round.statements.set([statement])
    for voter, rating in zip(voters, [8, 9, 7, 2], strict=True):
        Vote.objects.create(round=rate_round, statement=statement, participant=voter, rating=rating)
    open_round = RoundFactory(
        consultation=consultation, number=3, title="Vote ouvert", kind="agree", status="open"
    )
    open_round.statements.set([other_statement])
    unpublished = ConsultationFactory(collective=collective, created_by=boss)
    ThemeFactory(
        group=GroupFactory(consultation=unpublished),
        title="Thème pas encore publié",
        created_by=boss,
    )
    draft = ConsultationFactory(
        collective=collective, created_by=boss, status="draft", title="Consultation en préparation"
    )

    # --------------------------------------------------------------- catalogue
    catalogue = build_catalogue(world)
    name, email, phone = GUESTS["referent"]
    type(catalogue.qualife).objects.filter(structure__collective=collective, published=True).update(
        contact_name=name, email=email, phone=phone
    )
    type(catalogue.hospice).objects.filter(collective=collective).update(email=email, phone=phone)
    catalogue.draft.name = "Brouillon de l'offre"
    catalogue.draft.save(update_fields=["name"])

    return Published(
        project=project,
        hidden_project=hidden,
        event=event,
        draft_event=draft_event,
        consultation=consultation,
        unpublished=unpublished,
        draft_consultation=draft,
        theme=theme,
        agree_round=agree_round,
        rate_round=rate_round,
        catalogue=catalogue,
    )
