from dataclasses import dataclass

from django.core.signing import get_cookie_signer

from maillage.consultations import services
from maillage.consultations.access import COOKIE_SALT, cookie_name


@dataclass
class Workshop:
    """A SPIRAL consultation of ``world.collective`` with its first round open.

    ``group`` (table "Plainpalais") is live, with ``participant`` (anonymous,
    "Alex") who posted ``notes``; ``other_group`` ("Carouge") has its own
    participant and note. ``world.facilitator`` runs the consultation.
    """

    consultation: object
    questions: list
    group: object
    other_group: object
    participant: object
    other_participant: object
    notes: list
    other_note: object

    def join(self, client, participant=None):
        """Make ``client`` the browser of an anonymous participant (their cookie)."""
        participant = participant or self.participant
        signer = get_cookie_signer(salt=cookie_name(self.consultation) + COOKIE_SALT)
        client.cookies[cookie_name(self.consultation)] = signer.sign(participant.token)
        return client


NOTES = [
    "Avoir un logement décent et se sentir en sécurité dans son quartier",
    "Du temps pour sa famille et ses amis",
    "Un travail utile pour la transition écologique",
]


def build_workshop(world):
    """The Workshop of ``world``, made once per test (the permission matrix calls this
    from its argument builders)."""
    if getattr(world, "workshop", None) is not None:
        return world.workshop
    consultation = services.create_consultation(
        actor=world.facilitator,
        collective=world.collective,
        title="Pourquoi sommes-nous là ?",
        method="spiral",
        purpose="Comprendre ce qui nous réunit autour du revenu de transition écologique.",
    )
    services.open_round(actor=world.facilitator, round_=consultation.rounds.get(number=1))
    group = services.add_group(
        actor=world.facilitator, consultation=consultation, name="Plainpalais"
    )
    other = services.add_group(actor=world.facilitator, consultation=consultation, name="Carouge")
    services.open_live_session(actor=world.facilitator, group=group)
    services.open_live_session(actor=world.facilitator, group=other)
    questions = list(consultation.questions.all())
    participant = services.join_group(group=group, display_name="Alex")
    other_participant = services.join_group(group=other, display_name="Sam")
    notes = [
        services.post_note(participant=participant, question=questions[0], text=text)
        for text in NOTES
    ]
    other_note = services.post_note(
        participant=other_participant, question=questions[1], text="Le bruit et la solitude"
    )
    consultation.refresh_from_db()
    world.workshop = Workshop(
        consultation=consultation,
        questions=questions,
        group=group,
        other_group=other,
        participant=participant,
        other_participant=other_participant,
        notes=notes,
        other_note=other_note,
    )
    return world.workshop
