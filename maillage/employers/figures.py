"""The figures of the feasibility report: what the group hands to a funder.

- **Needs declared**: the needs in force (not withdrawn, of members who have not left),
  their count and weekly hours, by job family and period, and by member.
- **Jobs proposed**: for each kind of week, the latest run that went through: its jobs
  and their hours, the share of jobs at full time, the share of the week's hours placed
  in jobs, the average weekly hours of a post before (one post per need, as today) and
  after (per job), the needs left uncovered and why, and the same against the
  first-fit baseline and the planner's bound.
- **Jobs kept**: each with its hours, and each member's share of hours, cost and
  training (``shares.member_shares``; a job's training is shared among its members in
  proportion to their annual hours in it).
- **Staff lending and sponsorship** totals.

Aggregate reads: the slots of every need come in one query, a run's jobs and uncovered
needs in one each; nothing is read need by need.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats
from django.utils.translation import gettext as _

from . import shares
from .models import (
    AgreementStatus,
    Need,
    NeedSlot,
    OfferStatus,
    Period,
    ProposedJob,
    Reason,
    RunStatus,
    Week,
)
from .services_agreements import lending_cost

CENT = Decimal("0.01")


def _minutes(start, end):
    return (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)


def percent(part, whole):
    """``part`` in percent of ``whole``, to one decimal (None when ``whole`` is 0)."""
    if not whole:
        return None
    return round(part * 100 / whole, 1)


def need_minutes(group):
    """``{need pk: weekly minutes}`` of every need of the group (one query)."""
    minutes = defaultdict(int)
    rows = NeedSlot.objects.filter(need__employer__group=group).values_list(
        "need_id", "start", "end"
    )
    for need_id, start, end in rows:
        minutes[need_id] += _minutes(start, end)
    return minutes


@dataclass
class Line:
    """A row of a table of needs: a label, how many, their weekly hours."""

    label: str
    count: int = 0
    minutes: int = 0
    detail: str = ""

    @property
    def hours(self):
        return self.minutes / 60


@dataclass
class NeedFigures:
    count: int = 0
    minutes: int = 0
    by_family: list = field(default_factory=list)
    by_period: list = field(default_factory=list)
    by_member: list = field(default_factory=list)

    @property
    def hours(self):
        return self.minutes / 60


def needs_declared(group, minutes):
    rows = (
        Need.objects.filter(
            employer__group=group, employer__left_on__isnull=True, withdrawn_at__isnull=True
        )
        .values_list("pk", "family__name", "period", "employer__organisation__name")
        .order_by("pk")
    )
    figures = NeedFigures()
    by_family, by_period, by_member = {}, {}, {}
    labels = dict(Period.choices)
    for pk, family, period, member in rows:
        weekly = minutes.get(pk, 0)
        figures.count += 1
        figures.minutes += weekly
        for table, key, label, detail in (
            (by_family, (family, period), family, str(labels[period])),
            (by_period, period, str(labels[period]), ""),
            (by_member, member, member, ""),
        ):
            line = table.setdefault(key, Line(label, detail=detail))
            line.count += 1
            line.minutes += weekly
    order = list(Period.values)
    figures.by_family = [
        by_family[key] for key in sorted(by_family, key=lambda k: (k[0], order.index(k[1])))
    ]
    figures.by_period = [by_period[key] for key in order if key in by_period]
    figures.by_member = [by_member[key] for key in sorted(by_member)]
    return figures


@dataclass
class RunFigures:
    """What the latest run of one kind of week proposes."""

    run: object
    week_label: str
    needs_count: int
    hours_declared: float
    job_minutes: list
    target_minutes: float
    min_minutes: float
    uncovered: list = field(default_factory=list)  # Line per reason
    need_posts: list = field(default_factory=list)  # minutes of each need of the run
    uncovered_posts: list = field(default_factory=list)  # minutes of each uncovered need

    @property
    def jobs(self):
        return len(self.job_minutes)

    @property
    def hours_in_jobs(self):
        return sum(self.job_minutes) / 60

    @property
    def full_time(self):
        return sum(1 for minutes in self.job_minutes if minutes >= self.target_minutes)

    @property
    def at_least_minimum(self):
        return sum(1 for minutes in self.job_minutes if minutes >= self.min_minutes)

    @property
    def full_time_share(self):
        return percent(self.full_time, self.jobs)

    @property
    def placed_share(self):
        return percent(self.hours_in_jobs, self.hours_declared)

    @property
    def average_before(self):
        return self.hours_declared / self.needs_count if self.needs_count else None

    @property
    def average_after(self):
        return self.hours_in_jobs / self.jobs if self.jobs else None

    @property
    def uncovered_count(self):
        return sum(line.count for line in self.uncovered)

    @property
    def baseline_hours(self):
        return self.run.baseline_hours

    @property
    def bound_hours(self):
        return self.run.bound_hours


def latest_runs(group):
    """The latest run that went through, for each kind of week: ``{week: run}``."""
    found = {}
    for week in Week.values:
        run = (
            group.runs.filter(week=week, status=RunStatus.DONE)
            .order_by("-requested_at", "-pk")
            .first()
        )
        if run is not None:
            found[week] = run
    return found


def run_figures(group, run, minutes):
    job_minutes = list(ProposedJob.objects.filter(run=run).values_list("minutes", flat=True))
    placed = ProposedJob.needs.through.objects.filter(proposedjob__run=run).values_list(
        "need_id", flat=True
    )
    uncovered_rows = list(run.uncovered.values_list("reason", "need_id"))
    reasons = {}
    for reason, need_id in uncovered_rows:
        line = reasons.setdefault(reason, Line(str(Reason(reason).label)))
        line.count += 1
        line.minutes += minutes.get(need_id, 0)
    uncovered_ids = [need_id for _reason, need_id in uncovered_rows]
    return RunFigures(
        run=run,
        week_label=str(Week(run.week).label),
        needs_count=run.needs_count,
        hours_declared=run.hours_declared,
        job_minutes=sorted(job_minutes, reverse=True),
        target_minutes=float(group.target_hours) * 60,
        min_minutes=float(group.min_hours) * 60,
        uncovered=[reasons[key] for key in Reason.values if key in reasons],
        need_posts=[minutes.get(need_id, 0) for need_id in [*placed, *uncovered_ids]],
        uncovered_posts=[minutes.get(need_id, 0) for need_id in uncovered_ids],
    )


# ------------------------------------------------------------------- jobs kept


@dataclass
class KeptJob:
    job: object
    term_minutes: int
    holiday_minutes: int
    annual_hours: float
    trainings: list
    training_cost: Decimal

    @property
    def term_hours(self):
        return self.term_minutes / 60

    @property
    def holiday_hours(self):
        return self.holiday_minutes / 60


@dataclass
class MemberLine:
    name: str
    term_hours: float
    holiday_hours: float
    annual_hours: float
    annual_cost: Decimal
    training_cost: Decimal


def cheapest_trainings(job, group):
    """For each job family the holder lacks, the cheapest training that opens it."""
    best = {}
    for training in shares.trainings_needed(job, group):
        if training.family_id not in best or training.cost < best[training.family_id].cost:
            best[training.family_id] = training
    return sorted(best.values(), key=lambda t: (t.family.name, t.cost))


def split(amount, weights):
    """``amount`` shared in proportion to ``weights`` ({key: weight}), to the cent."""
    total = sum(weights.values())
    if not total:
        return dict.fromkeys(weights, Decimal("0"))
    return {
        key: (amount * Decimal(str(weight)) / Decimal(str(total))).quantize(
            CENT, rounding=ROUND_HALF_UP
        )
        for key, weight in weights.items()
    }


def kept_jobs(group):
    jobs = list(shares.jobs_for_shares(group))
    kept, training_by_member = [], defaultdict(Decimal)
    for job in jobs:
        job_shares = shares.job_shares(job, group)
        trainings = cheapest_trainings(job, group)
        cost = sum((t.cost for t in trainings), Decimal("0"))
        for key, amount in split(cost, {s.employer.pk: s.annual_hours for s in job_shares}).items():
            training_by_member[key] += amount
        kept.append(
            KeptJob(
                job=job,
                term_minutes=shares.week_minutes(job, Week.TERM),
                holiday_minutes=shares.week_minutes(job, Week.HOLIDAYS),
                annual_hours=sum(s.annual_hours for s in job_shares),
                trainings=trainings,
                training_cost=cost,
            )
        )
    members = [
        MemberLine(
            name=share.employer.organisation.name,
            term_hours=share.term_hours,
            holiday_hours=share.holiday_hours,
            annual_hours=share.annual_hours,
            annual_cost=share.annual_cost,
            training_cost=training_by_member[pk],
        )
        for pk, share in shares.member_shares(group, jobs).items()
    ]
    return kept, sorted(members, key=lambda line: line.name)


# ------------------------------------------------------------------- agreements


@dataclass
class AgreementFigures:
    lendings_signed: int = 0
    lendings_draft: int = 0
    lending_hours: Decimal = Decimal("0")  # over the dates, signed and ended
    lending_amount: Decimal = Decimal("0")
    offers: int = 0
    offer_hours: int = 0
    offers_given: int = 0
    given_hours: int = 0


def agreements(group):
    figures = AgreementFigures()
    for lending in group.lendings.all():
        if lending.status == AgreementStatus.DRAFT:
            figures.lendings_draft += 1
            continue
        cost = lending_cost(lending)
        figures.lendings_signed += 1
        figures.lending_hours += cost.hours
        figures.lending_amount += cost.amount
    offers = group.sponsorships.exclude(status=OfferStatus.WITHDRAWN).values_list("status", "hours")
    for status, hours in offers:
        figures.offers += 1
        figures.offer_hours += hours
        if status in (OfferStatus.AGREED, OfferStatus.DONE):
            figures.offers_given += 1
            figures.given_hours += hours
    return figures


# ------------------------------------------------------------------- distribution


def bands(group):
    """The bands of weekly hours of the distribution: (label, low minutes, high)."""
    target, minimum = float(group.target_hours), float(group.min_hours)
    edges = sorted({0.0, 8.0, 16.0, minimum, target} - {e for e in (8.0, 16.0) if e >= minimum})
    result = []
    for low, high in zip(edges, edges[1:], strict=False):
        label = (
            _("under %(high)s h") % {"high": _hours(high)}
            if low == 0
            else _("%(low)s to under %(high)s h") % {"low": _hours(low), "high": _hours(high)}
        )
        result.append((label, low * 60, high * 60))
    result.append((_("%(full)s h (full time)") % {"full": _hours(target)}, target * 60, None))
    return result


def _hours(value):
    return formats.number_format(value, 0 if value == int(value) else 1)


def distribution(group, figures):
    """Posts by band of weekly hours, before (one post per need) and after (a job per
    job, and a post per need left out): ``[(label, before, after)]``."""
    result = []
    after = [*figures.job_minutes, *figures.uncovered_posts]
    for label, low, high in bands(group):
        result.append(
            (
                label,
                sum(1 for m in figures.need_posts if m >= low and (high is None or m < high)),
                sum(1 for m in after if m >= low and (high is None or m < high)),
            )
        )
    return result


# ------------------------------------------------------------------- the report


@dataclass
class Report:
    group: object
    needs: NeedFigures
    runs: dict  # week → RunFigures
    kept: list
    members: list
    agreements: AgreementFigures
    distribution: list
    distribution_week: str

    @property
    def term(self):
        return self.runs.get(Week.TERM)

    @property
    def holidays(self):
        return self.runs.get(Week.HOLIDAYS)

    @property
    def training_cost(self):
        return sum((job.training_cost for job in self.kept), Decimal("0"))

    @property
    def annual_cost(self):
        return sum((line.annual_cost for line in self.members), Decimal("0"))


def report(group):
    minutes = need_minutes(group)
    runs = {week: run_figures(group, run, minutes) for week, run in latest_runs(group).items()}
    kept, members = kept_jobs(group)
    main = runs.get(Week.TERM) or runs.get(Week.HOLIDAYS)
    return Report(
        group=group,
        needs=needs_declared(group, minutes),
        runs=runs,
        kept=kept,
        members=members,
        agreements=agreements(group),
        distribution=distribution(group, main) if main else [],
        distribution_week=main.week_label if main else "",
    )
