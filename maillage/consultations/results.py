"""The figures of vote rounds, as the results pages, the report and the exports
read them: per statement, overall and per opinion group, the lists of agreement
and division, and the changes since an earlier round.

Nothing here names a participant: votes are only counted, comments are listed
without their authors (in alphabetical order, not in the order they came).
Opinion groups have at least 3 people (the engine's rule), so their figures never
show one person's votes.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Max
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from maillage.synthesis.delphi import DEFAULT_RULE, rating_figures, round_stability

from . import charts
from .models import Analysis, Participant, Round, RoundKind, RoundStatus, Vote

# Lists of an agree/disagree round: consensus (or broad disagreement) when at least
# 70 % of the votes cast on a statement agree (disagree), as in the default Delphi rule; a
# statement divides when at least 30 % agree and 30 % disagree. Passes are votes.
BROAD_SHARE = 0.70
SPLIT_SHARE = 0.30
MIN_VOTES_FOR_LISTS = 3
# A rating round's answers are spread out when the interquartile range is above 2.
SPREAD_IQR = 2
CHOICE_NAMES = {1: "agree", -1: "disagree", 0: "pass"}


def number(value, decimals=1):
    """A figure for people, in the current language (5,5 in French)."""
    if value is None:
        return "–"
    return formats.number_format(value, decimal_pos=decimals)


def rule_text(rule=DEFAULT_RULE):
    return _(
        "Consensus when at least %(high)s of the answers rate %(high_from)s–%(high_to)s "
        "and fewer than %(low)s rate %(low_from)s–%(low_to)s."
    ) % {
        "high": charts.percent(rule.min_high_share),
        "high_from": rule.high[0],
        "high_to": rule.high[1],
        "low": charts.percent(rule.max_low_share),
        "low_from": rule.low[0],
        "low_to": rule.low[1],
    }


def lists_text():
    return _(
        "Consensus: at least %(broad)s of the votes cast on the statement agree; broad "
        "disagreement: at least %(broad)s disagree; divided: at least %(split)s agree and "
        "%(split)s disagree. A pass counts as a vote. Only statements with at least "
        "%(min)s votes are listed."
    ) % {
        "broad": charts.percent(BROAD_SHARE),
        "split": charts.percent(SPLIT_SHARE),
        "min": MIN_VOTES_FOR_LISTS,
    }


def group_label(index):
    return _("Opinion group %(letter)s") % {"letter": chr(ord("A") + int(index))}


# ------------------------------------------------------------------------ round figures


@dataclass
class StatementFigures:
    """The figures of one statement in one round."""

    statement: object
    uid: str
    kind: str
    votes: int = 0
    counts: dict = field(default_factory=dict)  # agree rounds: agree/disagree/pass
    shares: dict = field(default_factory=dict)
    rating: dict | None = None  # rate rounds: delphi.rating_figures
    distribution: list = field(default_factory=list)  # rate rounds: answers per rating
    groups: list = field(default_factory=list)  # figures per opinion group
    informed_consensus: float | None = None
    change: dict | None = None  # since the previous round with this statement
    comments: list = field(default_factory=list)
    answers: dict = field(default_factory=dict, repr=False)  # participant id: answer

    @property
    def is_rating(self):
        return self.kind == RoundKind.RATE

    @property
    def percents(self):
        return {name: charts.percent(share) for name, share in self.shares.items()}

    @property
    def bar(self):
        return charts.shares_bar(self.shares, self.votes, uid=self.uid)

    @property
    def chart(self):
        return charts.distribution(self.distribution, uid=self.uid)

    @property
    def high_percent(self):
        return charts.percent(self.rating["share_high"]) if self.rating else ""

    @property
    def low_percent(self):
        return charts.percent(self.rating["share_low"]) if self.rating else ""

    @property
    def median(self):
        return number(self.rating["median"]) if self.rating else ""

    @property
    def quartiles(self):
        if not self.rating:
            return ""
        return f"{number(self.rating['q1'])} – {number(self.rating['q3'])}"

    @property
    def iqr(self):
        return number(self.rating["iqr"]) if self.rating else ""

    @property
    def informed(self):
        return number(self.informed_consensus, 2) if self.informed_consensus is not None else ""

    @property
    def distribution_rows(self):
        return list(enumerate(self.distribution, start=1))


@dataclass
class RoundResults:
    round: object
    statements: list
    voters: int
    eligible: int
    consensus: list
    rejected: list
    divergent: list
    opinions: dict | None = None

    @property
    def is_rating(self):
        return self.round.kind == RoundKind.RATE

    @property
    def rule(self):
        return rule_text()

    @property
    def lists_rule(self):
        return lists_text()


def eligible_participants(round_):
    """How many participants could answer in this round (those of its groups)."""
    participants = Participant.objects.filter(consultation_id=round_.consultation_id)
    groups = list(round_.groups.values_list("pk", flat=True))
    if groups:
        participants = participants.filter(group_id__in=groups)
    return participants.count()


def round_results(round_, *, with_opinions=True, only=None):
    """Every figure of a vote round: per statement, overall and per opinion group
    (from the latest opinions analysis), the lists of agreement and division, and
    the changes since an earlier round with the same statement. ``only``: these
    statement ids only (then the "missing" answers count only their voters)."""
    statements = round_.statements.select_related("theme").order_by("order", "pk")
    votes = Vote.objects.filter(round=round_)
    if only is not None:
        statements = statements.filter(pk__in=only)
        votes = votes.filter(statement_id__in=only)
    statements = list(statements)
    rows = list(votes.values_list("statement_id", "participant_id", "choice", "rating", "comment"))
    voters = sorted({participant for _, participant, _, _, _ in rows})
    by_statement = defaultdict(list)
    for row in rows:
        by_statement[row[0]].append(row)
    figures = []
    for statement in statements:
        found = by_statement.get(statement.pk, [])
        item = StatementFigures(
            statement=statement, uid=f"r{round_.number}-s{statement.pk}", kind=round_.kind
        )
        item.comments = sorted(comment for *_, comment in found if comment)
        if round_.kind == RoundKind.RATE:
            item.answers = {p: rating for _, p, _, rating, _ in found if rating is not None}
            item.votes = len(item.answers)
            item.rating = rating_figures([item.answers.get(p) for p in voters])
            counted = Counter(item.answers.values())
            item.distribution = [counted.get(rating, 0) for rating in range(1, 10)]
        else:
            item.answers = {p: choice for _, p, choice, _, _ in found if choice is not None}
            item.votes = len(item.answers)
            counted = Counter(CHOICE_NAMES[choice] for choice in item.answers.values())
            item.counts = {name: counted.get(name, 0) for name in ("agree", "disagree", "pass")}
            item.shares = {
                name: (count / item.votes if item.votes else 0.0)
                for name, count in item.counts.items()
            }
        figures.append(item)
    _add_changes(round_, figures)
    results = RoundResults(
        round=round_,
        statements=figures,
        voters=len(voters),
        eligible=eligible_participants(round_),
        **_lists(round_, figures),
    )
    if with_opinions and round_.kind == RoundKind.AGREE:
        results.opinions = _opinions(round_, figures)
    return results


def _lists(round_, figures):
    enough = [f for f in figures if f.votes >= MIN_VOTES_FOR_LISTS]
    if round_.kind == RoundKind.RATE:
        return {
            "consensus": [f for f in enough if f.rating["consensus"]],
            "rejected": [f for f in enough if f.rating["share_low"] >= BROAD_SHARE],
            "divergent": [f for f in enough if (f.rating["iqr"] or 0) > SPREAD_IQR],
        }

    def by(name):
        return sorted(
            (f for f in enough if f.shares[name] >= BROAD_SHARE), key=lambda f: -f.shares[name]
        )

    return {
        "consensus": by("agree"),
        "rejected": by("disagree"),
        "divergent": [
            f
            for f in enough
            if f.shares["agree"] >= SPLIT_SHARE and f.shares["disagree"] >= SPLIT_SHARE
        ],
    }


def _add_changes(round_, figures):
    """For each statement that was in an earlier round of the same kind, how the
    answers of the people who answered both rounds moved."""
    ids = [f.statement.pk for f in figures]
    earlier = {
        r.pk: r
        for r in Round.objects.filter(
            consultation_id=round_.consultation_id, kind=round_.kind, number__lt=round_.number
        )
    }
    if not earlier or not ids:
        return
    links = Round.statements.through.objects.filter(
        round_id__in=earlier, statement_id__in=ids
    ).values_list("round_id", "statement_id")
    previous = {}  # statement id: the latest earlier round with it
    for round_id, statement_id in links:
        current = previous.get(statement_id)
        if current is None or earlier[round_id].number > current.number:
            previous[statement_id] = earlier[round_id]
    if not previous:
        return
    before = defaultdict(dict)
    for round_id, statement_id, participant, choice, rating in Vote.objects.filter(
        round_id__in={r.pk for r in previous.values()}, statement_id__in=previous
    ).values_list("round_id", "statement_id", "participant_id", "choice", "rating"):
        if previous[statement_id].pk == round_id:
            answer = rating if round_.kind == RoundKind.RATE else choice
            if answer is not None:
                before[statement_id][participant] = answer
    for item in figures:
        earlier_round = previous.get(item.statement.pk)
        if earlier_round is None:
            continue
        first = before[item.statement.pk]
        if round_.kind == RoundKind.RATE:
            change = round_stability(first, item.answers)
            change["median_before"] = number(rating_figures(list(first.values()))["median"])
            change["iqr_before"] = number(change["iqr_first"])
            change["iqr_after"] = number(change["iqr_second"])
            change["mean_change"] = number(change["mean_abs_change"])
        else:
            both = [p for p in first if p in item.answers]
            changed = sum(1 for p in both if first[p] != item.answers[p])
            agreed = sum(1 for value in first.values() if value == 1)
            change = {
                "n": len(both),
                "changed": changed if both else None,
                "share_changed": changed / len(both) if both else None,
                "agree_before": charts.percent(agreed / len(first)) if first else "–",
            }
        change["round"] = earlier_round
        change["percent_changed"] = charts.percent(change["share_changed"])
        item.change = change


def earlier_answers(round_, only=None):
    """What the panel answered in the last closed round of the same kind with each of
    this round's statements (or the ids in ``only``), in words: what Delphi
    panellists see before answering again. {statement id: text}."""
    wanted = set(round_.statements.values_list("pk", flat=True))
    if only is not None:
        wanted &= set(only)
    earlier = list(
        Round.objects.filter(
            consultation_id=round_.consultation_id,
            kind=round_.kind,
            number__lt=round_.number,
            status=RoundStatus.CLOSED,
            statements__in=wanted,
        )
        .distinct()
        .order_by("-number")
    )
    said = {}
    for previous in earlier:
        for item in round_results(previous, with_opinions=False, only=wanted).statements:
            if item.statement.pk in said or not item.votes:
                continue
            if item.is_rating:
                said[item.statement.pk] = ngettext(
                    "In round %(round)s: median %(median)s, %(high)s rated 7–9 (%(votes)s answer).",
                    "In round %(round)s: median %(median)s, %(high)s rated 7–9 "
                    "(%(votes)s answers).",
                    item.votes,
                ) % {
                    "round": previous.number,
                    "median": item.median,
                    "high": item.high_percent,
                    "votes": item.votes,
                }
            else:
                said[item.statement.pk] = ngettext(
                    "In round %(round)s: %(agree)s agreed, %(disagree)s disagreed, %(pass)s "
                    "passed (%(votes)s vote).",
                    "In round %(round)s: %(agree)s agreed, %(disagree)s disagreed, %(pass)s "
                    "passed (%(votes)s votes).",
                    item.votes,
                ) % {
                    "round": previous.number,
                    "agree": item.percents["agree"],
                    "disagree": item.percents["disagree"],
                    "pass": item.percents["pass"],
                    "votes": item.votes,
                }
    return said


def latest_opinions(round_, *, done=True):
    analyses = Analysis.objects.filter(round=round_, kind=Analysis.Kind.OPINIONS)
    if done:
        analyses = analyses.filter(status=Analysis.Status.DONE)
    return analyses.order_by("-created_at", "-pk").first()


def _opinions(round_, figures):
    """The opinion groups of the latest finished analysis, joined to the figures."""
    analysis = latest_opinions(round_)
    if analysis is None:
        return None
    result = analysis.result or {}
    k = int(result.get("k") or 0)
    sizes = Counter(g for g in (result.get("groups") or {}).values() if g is not None)
    by_id = {str(f.statement.pk): f for f in figures}
    for statement_id, data in (result.get("statements") or {}).items():
        item = by_id.get(statement_id)
        if item is None:
            continue
        item.informed_consensus = data.get("group_informed_consensus")
        for g in range(k):
            found = (data.get("groups") or {}).get(str(g))
            if not found:
                continue
            shares = {name: float(found.get(name) or 0) for name in ("agree", "disagree", "pass")}
            label = group_label(g)
            item.groups.append(
                {
                    "label": label,
                    "votes": int(found.get("votes") or 0),
                    "shares": shares,
                    "percents": {name: charts.percent(v) for name, v in shares.items()},
                    "bar": charts.shares_bar(
                        shares, int(found.get("votes") or 0), uid=f"{item.uid}-g{g}", label=label
                    ),
                }
            )
    groups = []
    for g in range(k):
        representative = []
        for statement_id in (result.get("repness") or {}).get(str(g), []):
            item = by_id.get(statement_id)
            figures_of_group = next(
                (x for x in (item.groups if item else []) if x["label"] == group_label(g)), None
            )
            if item is None or figures_of_group is None:
                continue
            agrees = figures_of_group["shares"]["agree"] >= figures_of_group["shares"]["disagree"]
            representative.append(
                {
                    "figures": item,
                    "group": figures_of_group,
                    "direction": "agree" if agrees else "disagree",
                }
            )
        groups.append(
            {"label": group_label(g), "size": sizes.get(g, 0), "statements": representative}
        )
    consensus = result.get("consensus") or {}
    last_vote = Vote.objects.filter(round=round_).aggregate(last=Max("updated_at"))["last"]
    return {
        "analysis": analysis,
        "k": k,
        "placed": sum(sizes.values()),
        "groups": groups,
        "agree": [by_id[s] for s in consensus.get("agree", []) if s in by_id],
        "disagree": [by_id[s] for s in consensus.get("disagree", []) if s in by_id],
        "stale": bool(last_vote and analysis.finished_at and last_vote > analysis.finished_at),
    }
