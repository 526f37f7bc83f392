"""A recruitment operation built on ``world`` (tests/conftest.py) for the operations'
tests: the STEF-like curve (December to November, 70 by the end of January, then 20 to
40 a month up to 300), three channels and eight candidates at known stages, so that
the figures can be checked to the unit. The world's MEMBER is the operation's manager
(they follow the candidates); the coordinator changes the operation but does not see
the candidates; the facilitator and the observer read the figures only.

Candidates (all sourced on 20 November 2026):

- Mission locale: A hired 10 Dec (after information 1 Dec, training 5 Dec), B hired
  15 Jan then still employed at 3 months (15 Apr), C declined (not mobile), D sourced;
- France Travail: E hired 20 Dec, F declined (did not come), G at the information
  session, then obsolete (hired elsewhere);
- Département: H in training.
"""

from dataclasses import dataclass, field
from datetime import date

from maillage.employment import services_operations as services
from maillage.employment.models_operations import ChannelKind, RefusalReason, Stage, State

STARTS, ENDS = date(2026, 12, 1), date(2027, 11, 30)
SOURCED = date(2026, 11, 20)
TODAY = date(2027, 2, 15)


@dataclass
class OperationWorld:
    world: object
    operation: object
    channels: dict = field(default_factory=dict)
    candidates: dict = field(default_factory=dict)


def build_operation(world, *, candidates=True):
    actor = world.coordinator
    operation = services.create_operation(
        actor=actor,
        collective=world.collective,
        title="Opération STEF : 300 CDI en un an",
        employer_name="STEF",
        contract="cdi",
        starts_on=STARTS,
        ends_on=ENDS,
        target_total=300,
        managers=[world.member],
    )
    proposal = services.spread_targets(70, date(2027, 1, 31), 20, 40, 300, STARTS, ENDS)
    services.set_targets(actor=actor, operation=operation, targets=dict(proposal))
    made = OperationWorld(world=world, operation=operation)
    for key, kind, name in (
        ("ml", ChannelKind.MISSION_LOCALE, "Mission locale de Clichy-sous-Bois/Montfermeil"),
        ("ft", ChannelKind.FRANCE_TRAVAIL, "France Travail Clichy-sous-Bois"),
        ("cd", ChannelKind.DEPARTEMENT, "Département de la Seine-Saint-Denis (RSA)"),
    ):
        made.channels[key] = services.add_channel(
            actor=actor, operation=operation, kind=kind, name=name
        )
    if not candidates:
        return made
    manager = world.member

    def add(key, channel):
        made.candidates[key] = services.add_candidate(
            actor=manager,
            operation=operation,
            name=f"Candidat {key}",
            email=f"candidat.{key.lower()}@example.org",
            channel=made.channels[channel],
            sourced_on=SOURCED,
        )
        return made.candidates[key]

    def move(key, stage, on):
        made.candidates[key] = services.move_candidate(
            actor=manager, candidate=made.candidates[key], stage=stage, on=on
        )

    def state(key, value, reason="", message=""):
        made.candidates[key] = services.change_state(
            actor=manager,
            candidate=made.candidates[key],
            state=value,
            reason=reason,
            message=message,
        )

    add("A", "ml")
    move("A", Stage.INFORMATION, date(2026, 12, 1))
    move("A", Stage.TRAINING, date(2026, 12, 5))
    move("A", Stage.HIRED, date(2026, 12, 10))
    add("B", "ml")
    move("B", Stage.HIRED, date(2027, 1, 15))
    move("B", Stage.EMPLOYED_3, date(2027, 4, 15))
    add("C", "ml")
    state("C", State.REFUSED, RefusalReason.NOT_MOBILE, "Pas de solution pour venir à 5 h.")
    add("D", "ml")
    add("E", "ft")
    move("E", Stage.HIRED, date(2026, 12, 20))
    add("F", "ft")
    state("F", State.REFUSED, RefusalReason.DID_NOT_COME)
    add("G", "ft")
    move("G", Stage.INFORMATION, date(2026, 12, 1))
    state("G", State.OBSOLETE)
    add("H", "cd")
    move("H", Stage.TRAINING, date(2027, 1, 10))
    return made
