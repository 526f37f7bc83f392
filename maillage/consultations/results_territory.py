"""A vote round's figures per territory, for a network consultation: per territory,
how many participants could answer and did, and each statement's shares of
agreement (or its rating figures) among that territory's participants.

It reads the figures results.round_results made over everyone and only splits
their answers by territory: the overall figures and the opinion groups stay
computed over all the participants of the network. Nothing here names a
participant; like the opinion groups, a territory's figures are counts.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from maillage.synthesis.delphi import rating_figures

from . import charts
from .models import Participant
from .results import CHOICE_NAMES, number


@dataclass
class TerritoryFigures:
    """One territory's figures in one round."""

    territory: object
    eligible: int = 0
    voters: int = 0
    statements: list = field(default_factory=list)  # [{"figures", "votes", "counts"...}]

    @property
    def uid(self):
        return f"territory-{self.territory.pk}"


def _territory_of_participants(round_):
    """{participant id: territory id} of those who could answer in this round (its
    groups, or every group when it names none), and the territories by id."""
    participants = Participant.objects.filter(consultation_id=round_.consultation_id)
    groups = list(round_.groups.values_list("pk", flat=True))
    if groups:
        participants = participants.filter(group_id__in=groups)
    rows = participants.exclude(group__territory=None).values_list("pk", "group__territory_id")
    return dict(rows)


def territory_breakdown(round_, results):
    """[TerritoryFigures] of ``results`` (results.round_results of ``round_``), by
    territory name; empty for a consultation that is not across a network."""
    consultation = round_.consultation
    if consultation.network_id is None or results is None:
        return []
    from maillage.collectives.models import Collective

    territory_of = _territory_of_participants(round_)
    territories = {
        c.pk: c
        for c in Collective.objects.filter(
            pk__in=consultation.groups.exclude(territory=None).values("territory")
        )
    }
    found = {pk: TerritoryFigures(territory=t) for pk, t in territories.items()}
    for territory in territory_of.values():
        if territory in found:
            found[territory].eligible += 1
    voted = defaultdict(set)
    for item in results.statements:
        for participant in item.answers:
            if participant in territory_of:
                voted[territory_of[participant]].add(participant)
    for pk, figures in found.items():
        figures.voters = len(voted[pk])
        for item in results.statements:
            answers = {p: a for p, a in item.answers.items() if territory_of.get(p) == pk}
            figures.statements.append(_statement(item, answers, sorted(voted[pk])))
    return sorted(found.values(), key=lambda f: f.territory.name.lower())


def _statement(item, answers, voters):
    row = {"figures": item, "votes": len(answers)}
    if item.is_rating:
        rating = rating_figures([answers.get(p) for p in voters])
        row["rating"] = rating
        row["median"] = number(rating["median"])
        row["high_percent"] = charts.percent(rating["share_high"])
        return row
    counted = Counter(CHOICE_NAMES[choice] for choice in answers.values())
    counts = {name: counted.get(name, 0) for name in ("agree", "disagree", "pass")}
    shares = {name: (n / len(answers) if answers else 0.0) for name, n in counts.items()}
    row["counts"] = counts
    row["shares"] = shares
    row["percents"] = {name: charts.percent(share) for name, share in shares.items()}
    return row
