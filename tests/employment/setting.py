"""Job cafés built on ``world`` (tests/conftest.py), for the employment tests.

The café's event is organised by the world's facilitator (the "organiser" of the
employment tests); the coordinator sets cafés up but does not see seekers' profiles.
The rows are made directly (the services have their own tests), so that each part's
tests can start from a café with recruiters, offers, seekers and wishes.
"""

from dataclasses import dataclass, field

from django.utils import timezone

from maillage.employment.models import Cafe, Recruiter, RecruiterOffer, Seeker, Wish

from ..events.setting import build_event

CONSENT = "J'accepte que les recruteurs du café voient mon profil."


@dataclass
class CafeWorld:
    world: object
    cafe: Cafe
    recruiters: list = field(default_factory=list)
    seekers: list = field(default_factory=list)


def build_cafe(world, *, recruiters=3, seekers=6, public=True, rotations=4, seats=2, **fields):
    """A published job café of the world's collective, ``recruiters`` recruiters of one
    table each (one offer each), ``seekers`` consenting seekers who each wish every
    recruiter (weights 3, 2, 1, 3, 2, 1, … by recruiter)."""
    event = build_event(
        world,
        capacity=None,
        public=public,
        kind="job_cafe",
        title="Café contact emploi de Clichy-sous-Bois",
        place="Espace 93",
        address="3 place de l'Orangerie, 93390 Clichy-sous-Bois",
        **fields,
    )
    cafe = Cafe.objects.create(event=event, rotations=rotations, seats=seats)
    made = CafeWorld(world=world, cafe=cafe)
    for number in range(recruiters):
        recruiter = Recruiter.objects.create(
            cafe=cafe,
            name=f"Employeur {number + 1}",
            contact_name=f"Contact {number + 1}",
            contact_email=f"recrutement{number + 1}@example.org",
            sectors="Logistique, Transport",
        )
        RecruiterOffer.objects.create(
            recruiter=recruiter,
            title=f"Préparateur de commandes {number + 1}",
            contract="cdi",
            hours=35,
            place="Clichy-sous-Bois",
            posts=2,
        )
        made.recruiters.append(recruiter)
    now = timezone.now()
    for number in range(seekers):
        seeker = Seeker.objects.create(
            cafe=cafe,
            name=f"Personne {number + 1}",
            email=f"personne{number + 1}@example.org",
            wishes_text="Logistique",
            availability="Tout de suite",
            mobility="public_transport",
            referrer="france_travail",
            consent_text=CONSENT,
            consented_at=now,
        )
        for index, recruiter in enumerate(made.recruiters):
            Wish.objects.create(seeker=seeker, recruiter=recruiter, weight=3 - index % 3)
        made.seekers.append(seeker)
    return made
