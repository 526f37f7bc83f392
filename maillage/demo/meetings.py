"""Demonstration meetings, loaded by `manage.py load_demo` through the services.

Two meetings rebuilt from the minutes the collectives wrote: the Geneva working
group's session of 17 September 2021 ("getting to know each other and our raison
d'être", with workshops: the consultation "Pourquoi sommes-nous là ?" is its
workshop) and the Seine-Saint-Denis task force of 12 December 2017. Each has its
attendance, agenda, decisions, actions and approved minutes. The Geneva group also
has its next session planned, a few days from now, with answers already in.
The people are the demo's invented people.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from maillage.actions import services as actions
from maillage.actions.models import ActionStatus
from maillage.collectives.models import Organisation
from maillage.consultations.models import Consultation
from maillage.meetings import services
from maillage.meetings.models import (
    Agreement,
    Attendance,
    DecisionStatus,
    Meeting,
    MeetingKind,
    Rsvp,
)

PARIS, GENEVA = ZoneInfo("Europe/Paris"), ZoneInfo("Europe/Zurich")


def _at(day, hour, minute, zone):
    return datetime.combine(day, time(hour, minute), tzinfo=zone)


def load(person, geneva, pcpe):
    """Create the demo meetings unless they exist. ``person(key)`` gives a demo user."""
    if Meeting.objects.filter(collective__in=[geneva, pcpe]).exists():
        return
    with transaction.atomic():
        first = _geneva(person, geneva)
        _geneva_next(person, first)
        _pcpe(person, pcpe)


def _attendance(actor, meeting, marks, walk_ins=(), proxies=None):
    """``marks``: user id → attendance; ``walk_ins``: (name, organisation), present;
    ``proxies``: user id → (who represented them on the day, agreement)."""
    by_user = {invitee.user_id: invitee.pk for invitee in meeting.invitees.all()}
    marks = {by_user[key]: mark for key, mark in marks.items()}
    proxies = {by_user[key]: proxy for key, proxy in (proxies or {}).items()}
    for name, organisation in walk_ins:
        guest = services.invite_guest(
            actor=actor, meeting=meeting, name=name, organisation_name=organisation
        )
        marks[guest.pk] = Attendance.PRESENT
    services.record_attendance(actor=actor, meeting=meeting, marks=marks, proxies=proxies)


def _agenda(planner, secretary, meeting, items):
    """Put the items on the agenda (planner), then write their notes (secretary).
    ``items``: (title, theme, put forward by, (h1, m1, h2, m2), notes)."""
    made = []
    for title, theme, presenter, (h1, m1, h2, m2), notes in items:
        item = services.add_item(
            actor=planner,
            meeting=meeting,
            title=title,
            theme=theme,
            presenter=presenter,
            starts_at=time(h1, m1),
            ends_at=time(h2, m2),
        )
        made.append(
            services.update_item(actor=secretary, item=item, base_version=item.version, notes=notes)
        )
    return made


def _geneva(person, collective):
    camille, lea, aurelie = person("camille"), person("lea"), person("aurelie")
    meeting = services.create_meeting(
        actor=camille,
        collective=collective,
        facilitators=[camille, lea],
        secretary=aurelie,
        kind=MeetingKind.PLENARY,
        title="Faire connaissance et notre raison d'être",
        purpose=(
            "Nous connaître entre institutions, ville, fondations et services sociaux, "
            "et dire ensemble pourquoi ce groupe de travail existe."
        ),
        objectives=(
            "Mieux connaître les personnes et les organisations présentes\n"
            "Dire ce qui nous rend fiers, dans nos institutions et dans ce groupe\n"
            "Poser les bases de notre raison d'être"
        ),
        format="Accueil en plénière, deux ateliers en petits groupes, mise en commun.",
        starts_at=_at(date(2021, 9, 17), 9, 0, GENEVA),
        ends_at=_at(date(2021, 9, 17), 12, 0, GENEVA),
        time_zone="Europe/Zurich",
        place="Hospice général",
        room="Salle du 3e étage",
        address="Cours de Rive 12\n1204 Genève",
        access="Tram 12, arrêt Rive ; bus 2, 6, 8 et 9.",
        consultation=Consultation.objects.filter(
            collective=collective, title="Pourquoi sommes-nous là ?"
        ).first(),
    )
    answers = {
        "pierre-alain": (
            Rsvp.REPRESENTED,
            "Yves Rochat, son collègue à l'Office cantonal de l'emploi",
        ),
        "thomas": (Rsvp.EXCUSED, ""),
    }
    for invitee in meeting.invitees.all():
        invitee.rsvp, invitee.represented_by = Rsvp.COMING, ""
        invitee.save()
    for key, (rsvp, represented_by) in answers.items():
        invitee = meeting.invitees.get(user=person(key))
        invitee.rsvp, invitee.represented_by = rsvp, represented_by
        invitee.save()
    _attendance(
        camille,
        meeting,
        {
            camille.pk: Attendance.PRESENT,
            lea.pk: Attendance.PRESENT,
            aurelie.pk: Attendance.PRESENT,
            person("julien").pk: Attendance.PRESENT,
            person("nadia").pk: Attendance.PRESENT,
            person("mehdi").pk: Attendance.PRESENT,
            person("claire").pk: Attendance.PRESENT,
            person("jeanne").pk: Attendance.REPRESENTED,
            person("pierre-alain").pk: Attendance.REPRESENTED,
            person("thomas").pk: Attendance.EXCUSED,
        },
        walk_ins=[("Sophie Invitée", "Fondation Zoein")],
        # Typed on the attendance sheet, on the day.
        proxies={
            person("jeanne").pk: ("M. Dunand", Agreement.FEMININE),
            person("pierre-alain").pk: (answers["pierre-alain"][1], Agreement.MASCULINE),
        },
    )
    items = [
        (
            "Accueil et tour de table",
            "Faire connaissance",
            "Camille Martin",
            (9, 0, 9, 40),
            "Chaque personne présente son organisation, ce qu'elle attend du groupe et ce "
            "qu'elle peut y apporter. Beaucoup d'attentes autour de l'accès des personnes "
            "en situation précaire aux emplois de la transition.",
        ),
        (
            "Atelier 1 : ce qui nous rend fiers",
            "Raison d'être",
            "Léa Perrin (Après-GE)",
            (9, 40, 10, 30),
            "En petits groupes, sur des post-it : ce qui nous rend fiers dans notre "
            "institution, puis dans ce groupe. Synthèse : la diversité des organisations "
            "autour de la même table et le partage des données.",
        ),
        (
            "Atelier 2 : pourquoi ce groupe existe",
            "Raison d'être",
            "Léa Perrin (Après-GE)",
            (10, 45, 11, 30),
            "Mise en commun des réponses. Trois thèmes : tester un RTE à Genève, relier "
            "emploi et transition écologique, trouver des financements pour des emplois "
            "utiles au climat.",
        ),
        (
            "Suite du travail",
            "Organisation",
            "Camille Martin",
            (11, 30, 12, 0),
            "Un petit groupe rédige une première raison d'être à partir des ateliers. "
            "Rythme : une séance plénière par mois.",
        ),
    ]
    made = _agenda(camille, aurelie, meeting, items)
    adopted = services.add_decision(
        actor=aurelie,
        meeting=meeting,
        item=made[3],
        text="Un groupe de rédaction (Camille, Léa, Aurélie) propose une raison d'être "
        "pour la prochaine séance.",
    )
    services.add_decision(
        actor=aurelie,
        meeting=meeting,
        item=made[3],
        text="Le groupe se réunit en plénière une fois par mois, en alternance chez les membres.",
    )
    services.add_decision(
        actor=aurelie,
        meeting=meeting,
        item=made[2],
        status=DecisionStatus.DEFERRED,
        text="Le choix d'un premier projet pilote est reporté à l'automne.",
    )
    actions.create_action(
        actor=aurelie,
        collective=collective,
        title="Rédiger une première raison d'être à partir des ateliers",
        owners=[camille],
        due_date=date(2021, 10, 8),
        meeting=meeting,
        decision=adopted,
    )
    actions.create_action(
        actor=aurelie,
        collective=collective,
        title="Envoyer les photos des post-it et la synthèse des ateliers",
        owners=[lea],
        due_date=date(2021, 9, 24),
        meeting=meeting,
    )
    # Two organisations take this one on, as minutes say "Fondation Zoein et Hg".
    actions.create_action(
        actor=aurelie,
        collective=collective,
        title="Présenter le RTE au Mois de l'innovation sociale ouverte",
        owners=[
            organisation
            for name in ("Fondation Zoein", "Hospice général")
            if (organisation := collective.organisations.filter(name__iexact=name).first())
        ],
        due_date=date(2021, 10, 1),
        meeting=meeting,
    )
    services.add_announcement(
        actor=person("claire"),
        meeting=meeting,
        title="Mois de l'innovation sociale ouverte (MISO)",
        body="Un mois d'événements publics à Genève : le groupe pourrait y présenter le RTE.",
        date=date(2021, 10, 1),
    )
    services.set_next_steps(
        actor=aurelie,
        meeting=meeting,
        next_steps="Relire la proposition de raison d'être avant la prochaine séance.",
        annexes="Photos des post-it des deux ateliers\nPrésentation du RTE par Sophie Swaton",
    )
    for action in meeting.actions.all():
        people = [owner.user for owner in action.owner_list if owner.user_id]
        actions.set_status(
            actor=people[0] if people else aurelie,
            action=action,
            status=ActionStatus.DONE,
            base_version=1,
        )
    services.submit_minutes(actor=aurelie, meeting=meeting)
    amendment = services.propose_amendment(
        actor=person("nadia"),
        meeting=meeting,
        target="item",
        item=made[0],
        proposed_text=made[0].notes + " La Ville de Meyrin propose d'accueillir une séance.",
        comment="J'avais aussi proposé d'accueillir une séance à Meyrin.",
    )
    services.decide_amendment(actor=aurelie, amendment=amendment, accept=True)
    services.approve_minutes(actor=aurelie, meeting=meeting, comment="Approuvé en séance.")
    return meeting


def _geneva_next(person, first):
    """The group's next session, planned a few days from now: people have answered."""
    camille = person("camille")
    day = timezone.localdate() + timedelta(days=9)
    following = services.create_next_meeting(
        actor=camille,
        meeting=first,
        starts_at=_at(day, 14, 0, GENEVA),
        ends_at=_at(day, 17, 0, GENEVA),
        title="Séance plénière : la raison d'être et le premier projet pilote",
    )
    services.update_meeting(
        actor=camille,
        meeting=following,
        base_version=following.version,
        purpose="Adopter la raison d'être et choisir un premier projet pilote.",
        objectives="Adopter la raison d'être\nChoisir un projet pilote\nRépartir les rôles",
        place="Mairie de Meyrin",
        room="Salle du Conseil",
        address="Rue des Boudines 2\n1217 Meyrin",
        access="Tram 14 et 18, arrêt Meyrin-Gravière.",
    )
    services.add_item(
        actor=camille,
        meeting=following,
        title="Adoption de la raison d'être",
        theme="Gouvernance",
        presenter="Groupe de rédaction",
        starts_at=time(14, 0),
        ends_at=time(15, 0),
    )
    services.add_item(
        actor=camille,
        meeting=following,
        title="Choix d'un premier projet pilote",
        theme="Projets",
        presenter="Léa Perrin",
        starts_at=time(15, 15),
        ends_at=time(16, 30),
    )
    services.add_item(
        actor=person("nadia"),
        meeting=following,
        title="Jardins partagés de Meyrin : un terrain pour le RTE ?",
        theme="Projets",
        proposal=True,
    )
    answers = {
        "lea": (Rsvp.COMING, ""),
        "julien": (Rsvp.COMING, ""),
        "nadia": (Rsvp.COMING, ""),
        "mehdi": (Rsvp.EXCUSED, ""),
        "pierre-alain": (
            Rsvp.REPRESENTED,
            "Yves Rochat, son collègue à l'Office cantonal de l'emploi",
        ),
    }
    for key, (rsvp, represented_by) in answers.items():
        invitee = following.invitees.get(user=person(key))
        services.answer(invitee=invitee, rsvp=rsvp, represented_by=represented_by)
    return following


def _pcpe(person, collective):
    sebastien, fatou = person("sebastien"), person("fatou")
    meeting = services.create_meeting(
        actor=sebastien,
        collective=collective,
        facilitators=[sebastien],
        secretary=fatou,
        kind=MeetingKind.TASK_FORCE,
        title="Task force emploi : cafés de l'emploi et recrutements",
        purpose=(
            "Faire le point sur les cafés de l'emploi et préparer l'opération de "
            "recrutement du premier trimestre."
        ),
        objectives=(
            "Bilan des trois premiers cafés de l'emploi\n"
            "Fixer les objectifs mensuels de l'opération de recrutement\n"
            "Lancer l'étude d'un groupement d'employeurs"
        ),
        format="Réunion de travail en plénière.",
        starts_at=_at(date(2017, 12, 12), 14, 0, PARIS),
        ends_at=_at(date(2017, 12, 12), 16, 30, PARIS),
        time_zone="Europe/Paris",
        place="Maison de l'emploi",
        room="Salle 2",
        address="2 rue de la République\n93200 Saint-Denis",
        access="Métro ligne 13, Basilique de Saint-Denis ; tram T1.",
    )
    olivier, amina, hugo = person("olivier"), person("amina"), person("hugo")
    _attendance(
        sebastien,
        meeting,
        {
            sebastien.pk: Attendance.PRESENT,
            fatou.pk: Attendance.PRESENT,
            olivier.pk: Attendance.PRESENT,
            amina.pk: Attendance.PRESENT,
            hugo.pk: Attendance.EXCUSED,
            person("karima").pk: Attendance.PRESENT,
            person("camille").pk: Attendance.ABSENT,
            person("yasmine").pk: Attendance.EXCUSED,
        },
        walk_ins=[("Rachid Employeur", "Groupement d'entreprises de Plaine Commune")],
    )
    items = [
        (
            "Bilan des cafés de l'emploi",
            "Cafés de l'emploi",
            "Mission locale de la Dhuys",
            (14, 0, 14, 45),
            "Trois cafés depuis septembre : 64 personnes en recherche d'emploi, 11 "
            "entreprises, 9 entretiens obtenus. Le suivi après le café manque : personne "
            "ne sait ce que deviennent les contacts.",
        ),
        (
            "Opération de recrutement du premier trimestre",
            "Recrutement",
            "France Travail",
            (14, 45, 15, 30),
            "Objectif proposé : 20 recrutements par mois dans la logistique et "
            "l'aide à domicile, avec un accompagnement pendant la période d'essai.",
        ),
        (
            "Groupement d'employeurs",
            "Emploi partagé",
            "Plaine Commune",
            (15, 30, 16, 15),
            "Plusieurs associations veulent partager un poste de comptable. Une étude de "
            "faisabilité est nécessaire ; il faut trouver son financement.",
        ),
    ]
    made = _agenda(sebastien, fatou, meeting, items)
    follow_up = services.add_decision(
        actor=fatou,
        meeting=meeting,
        item=made[0],
        text="Chaque café de l'emploi aura une fiche de suivi des contacts, relue un mois après.",
    )
    target = services.add_decision(
        actor=fatou,
        meeting=meeting,
        item=made[1],
        text="Objectif de 20 recrutements par mois de janvier à mars, suivi en task force.",
    )
    services.add_decision(
        actor=fatou,
        meeting=meeting,
        item=made[2],
        status=DecisionStatus.DEFERRED,
        text="Le lancement du groupement d'employeurs attend le financement de l'étude.",
    )
    done = actions.create_action(
        actor=fatou,
        collective=collective,
        title="Préparer la fiche de suivi des contacts des cafés de l'emploi",
        owners=[fatou],
        due_date=date(2018, 1, 15),
        meeting=meeting,
        decision=follow_up,
    )
    actions.set_status(actor=fatou, action=done, status=ActionStatus.DONE, base_version=1)
    actions.create_action(
        actor=fatou,
        collective=collective,
        title="Tableau de suivi mensuel des recrutements",
        owners=[olivier],
        due_date=date(2018, 1, 31),
        meeting=meeting,
        decision=target,
        description="Un onglet par mois ; partagé avec la task force.",
    )
    actions.create_action(
        actor=fatou,
        collective=collective,
        title="Chercher le financement de l'étude de faisabilité du groupement d'employeurs",
        owners=[person("karima")],
        due_date=timezone.localdate() + timedelta(days=5),
        meeting=meeting,
    )
    services.add_announcement(
        actor=amina,
        meeting=meeting,
        title="Forum de l'emploi solidaire de Saint-Denis",
        date=date(2018, 1, 25),
        body="Aurore tiendra un stand ; les membres du pôle y sont les bienvenus.",
    )
    ville = Organisation.objects.filter(slug="plaine").first()
    services.set_next_steps(
        actor=fatou,
        meeting=meeting,
        next_steps="Prochaine task force en janvier : premiers chiffres de l'opération.",
        annexes=f"Bilan chiffré des cafés de l'emploi{' (' + ville.name + ')' if ville else ''}",
    )
    services.submit_minutes(actor=fatou, meeting=meeting)
    services.approve_minutes(actor=fatou, meeting=meeting)
    return meeting
