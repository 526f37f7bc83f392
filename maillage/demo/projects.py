"""Demonstration work streams and projects, loaded by `manage.py load_demo` through the
services: the Seine-Saint-Denis employment hub's four work streams and its projects,
as its shared table lists them, with invented pilots (the demo's invented people).
One project action comes from a decision of the hub's task force meeting.

The Sicoval PTCE (a public collective) runs its preparation in three phases with
deadlines; its projects are shown on its public results page.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from maillage.actions import services as actions
from maillage.meetings.models import Decision
from maillage.projects import services
from maillage.projects.models import Project

# (work stream, purpose, [(project, status, phase, pilots, content, days: start, end)])
STREAMS = [
    (
        "Rapprocher les personnes et les employeurs",
        "Faire se rencontrer les personnes en recherche d'emploi et les recruteurs du territoire.",
        [
            (
                "Cafés de l'emploi et leur suivi",
                "running",
                "Développement",
                ["fatou", "olivier"],
                "Un café par mois dans un lieu de quartier : les personnes en recherche "
                "rencontrent des **recruteurs**, sans CV obligatoire.\n\n"
                "- une fiche de suivi par contact\n- un point un mois après",
                (-400, 200),
            ),
            (
                "Opération de recrutement : 20 embauches par mois",
                "running",
                "Premier trimestre",
                ["olivier"],
                "Objectif mensuel de **20 recrutements** dans la logistique et l'aide à "
                "domicile, avec un accompagnement pendant la période d'essai.",
                (-60, 120),
            ),
        ],
    ),
    (
        "Développer l'emploi sur le territoire",
        "Créer des emplois durables avec les entreprises et les associations du territoire.",
        [
            (
                "Étude d'un groupement d'employeurs",
                "feasibility",
                "Étude de faisabilité",
                ["karima"],
                "Plusieurs associations veulent partager un poste de comptable et un poste "
                "d'agent d'entretien. L'étude dira si un groupement d'employeurs est viable.",
                (-30, 240),
            ),
            (
                "Coopérative d'activités et d'emploi",
                "idea",
                "",
                ["amina", "hugo"],
                "Permettre à des personnes de tester leur activité avec un statut de salarié.",
                (None, None),
            ),
        ],
    ),
    (
        "Innover dans l'accompagnement",
        "Changer la manière d'accompagner, avec les personnes concernées.",
        [
            (
                "Laboratoire du travail social",
                "running",
                "Expérimentation",
                ["amina"],
                "Travailleurs sociaux et personnes accompagnées testent ensemble de "
                "nouvelles pratiques, une demi-journée par mois.",
                (-200, 165),
            ),
        ],
    ),
    (
        "Mobiliser les citoyens et capitaliser",
        "Donner aux habitants les moyens d'agir et garder trace de ce que le pôle apprend.",
        [
            (
                "Fondation territoriale citoyenne",
                "idea",
                "",
                ["sebastien"],
                "Une fondation abritée où habitants et entreprises financent des projets "
                "d'emploi du territoire.",
                (None, None),
            ),
            (
                "Livre d'expériences du pôle",
                "running",
                "Écriture",
                ["fatou"],
                "Raconter, avec les personnes qui les ont vécus, dix parcours vers l'emploi.",
                (-90, 90),
            ),
        ],
    ),
]


# The Sicoval PTCE's phases: (project, status, phase, pilots, content, (start, end),
# milestones as (title, days from today, reached)).
SICOVAL_PHASES = [
    (
        "Étude de faisabilité des locaux partagés",
        "done",
        "Étude de faisabilité",
        ["bernard"],
        "Recensement des besoins en salles, bureaux et postes de coworking des membres, "
        "et **modèle économique** des locaux partagés (loyers à la demi-journée, "
        "locataires permanents et occasionnels).",
        (-420, -120),
        [("Questionnaire aux membres", -330, True), ("Modèle économique validé", -130, True)],
    ),
    (
        "Construire la coopération",
        "running",
        "Construction de la coopération",
        ["mathilde", "laurent"],
        "Séminaires de coopération, **charte** du pôle et gouvernance partagée entre "
        "entreprises de l'économie sociale et solidaire, collectivités et recherche.",
        (-120, 150),
        [
            ("Séminaire de coopération", -60, True),
            ("Charte adoptée en assemblée", -10, False),
            ("Gouvernance du pôle en place", 120, False),
        ],
    ),
    (
        "Développement : ouverture des locaux",
        "idea",
        "Développement",
        ["bernard", "mathilde"],
        "Aménagement et ouverture des locaux partagés, premiers locataires.",
        (150, 540),
        [("Bail signé", 200, False), ("Ouverture au public", 420, False)],
    ),
]


def load(person, pcpe, sicoval=None):
    """Create the demo boards unless they exist. ``person(key)`` gives a demo user."""
    with transaction.atomic():
        if not Project.objects.filter(collective=pcpe).exists():
            _load(person, pcpe)
        if sicoval is not None and not Project.objects.filter(collective=sicoval).exists():
            _load_sicoval(person, sicoval)


def _load_sicoval(person, collective):
    """The Sicoval PTCE's three phases, public on its results page."""
    today = timezone.localdate()
    boss = person("isabelle")
    stream = services.create_work_stream(
        actor=boss,
        collective=collective,
        title="Préfiguration du PTCE",
        purpose="De l'étude de faisabilité à l'ouverture des locaux partagés.",
    )
    for title, status, phase, pilots, content, (start, end), milestones in SICOVAL_PHASES:
        project = services.create_project(
            actor=boss,
            work_stream=stream,
            title=title,
            pilots=[person(key) for key in pilots],
            content=content,
            status="idea",
            phase=phase,
            starts_on=today + timedelta(days=start),
            ends_on=today + timedelta(days=end),
            public=True,
        )
        for label, days, reached in milestones:
            milestone = services.add_milestone(
                actor=boss, project=project, title=label, due_on=today + timedelta(days=days)
            )
            if reached:
                services.reach_milestone(
                    actor=boss, milestone=milestone, reached_on=today + timedelta(days=days)
                )
        # The status moves as the phase went: its timeline shows each step.
        steps = {"done": ["feasibility", "running", "done"], "running": ["feasibility", "running"]}
        for step in steps.get(status, []):
            services.set_status(actor=boss, project=project, status=step)


def _load(person, collective):
    today = timezone.localdate()
    boss = person("sebastien")
    made = {}
    for title, purpose, projects in STREAMS:
        stream = services.create_work_stream(
            actor=boss, collective=collective, title=title, purpose=purpose
        )
        for name, status, phase, pilots, content, (start, end) in projects:
            made[name] = services.create_project(
                actor=boss,
                work_stream=stream,
                title=name,
                pilots=[person(key) for key in pilots],
                content=content,
                status=status,
                phase=phase,
                starts_on=today + timedelta(days=start) if start is not None else None,
                ends_on=today + timedelta(days=end) if end is not None else None,
            )
    cafes = made["Cafés de l'emploi et leur suivi"]
    for days, title in ((-300, "Premier café de l'emploi"), (-30, "Dixième café"), (60, "Bilan")):
        milestone = services.add_milestone(
            actor=boss, project=cafes, title=title, due_on=today + timedelta(days=days)
        )
        if days < -100:
            services.reach_milestone(actor=boss, milestone=milestone)
    services.add_need(
        actor=boss,
        project=cafes,
        kind="volunteers",
        description="Accueillir les personnes à l'entrée des cafés, un mardi par mois.",
    )
    services.volunteer(actor=person("hugo"), need=cafes.needs.get())
    services.add_project_comment(
        actor=person("hugo"),
        project=cafes,
        text="Le café de mars était complet : prévoir une deuxième salle à la Dhuys ?",
    )
    recruitment = made["Opération de recrutement : 20 embauches par mois"]
    for month in range(1, 4):
        services.add_milestone(
            actor=boss,
            project=recruitment,
            title=f"20 recrutements (mois {month})",
            due_on=today + timedelta(days=-60 + 30 * month),
        )
    study = made["Étude d'un groupement d'employeurs"]
    services.add_need(
        actor=boss,
        project=study,
        kind="funding",
        description="Budget de l'étude de faisabilité (cabinet et animation).",
        amount="25000",
        currency="EUR",
        approached="Département de la Seine-Saint-Denis, France Travail",
    )
    services.add_project_comment(
        actor=person("karima"),
        project=study,
        text="Le Département répondra après le vote du budget, fin janvier.",
    )
    services.add_need(
        actor=boss,
        project=made["Coopérative d'activités et d'emploi"],
        kind="partners",
        description="Une coopérative d'activités et d'emploi existante pour nous accompagner.",
    )
    services.add_link(
        actor=boss,
        project=made["Livre d'expériences du pôle"],
        title="Trame des entretiens",
        url="https://example.org/pcpe93/livre-trame.pdf",
    )
    # The task force's decision on monthly targets becomes an action of the project.
    decision = Decision.objects.filter(
        meeting__collective=collective, text__contains="20 recrutements"
    ).first()
    actions.create_action(
        actor=boss,
        collective=collective,
        title="Publier chaque mois le nombre de recrutements",
        owners=[person("olivier")],
        due_date=today + timedelta(days=12),
        project=recruitment,
        meeting=decision.meeting if decision else None,
        decision=decision,
    )
    actions.create_action(
        actor=boss,
        collective=collective,
        title="Relancer le Département pour le financement de l'étude",
        owners=[person("karima")],
        due_date=today - timedelta(days=3),
        project=study,
    )
    actions.create_action(
        actor=boss,
        collective=collective,
        title="Choisir les dix parcours du livre",
        owners=[person("fatou")],
        due_date=today + timedelta(days=20),
        project=made["Livre d'expériences du pôle"],
    )
