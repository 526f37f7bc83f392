"""What the jobs kept mean for the group and each member: hours by kind of week, the
weekly schedule, each member's share of hours and cost, the training a job needs.

Pure reading: nothing here changes the database. Read jobs with
``jobs_for_shares(group)`` so that the needs, slots and sites come in a few queries.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from .models import WEEK_PERIODS, Week


def jobs_for_shares(group):
    return (
        group.jobs.filter(ended_at__isnull=True)
        .select_related("qualification", "holder_qualification")
        .prefetch_related(
            "needs__slots",
            "needs__site",
            "needs__family",
            "needs__employer__organisation",
            "qualification__families",
        )
    )


def week_needs(job, week):
    return [need for need in job.needs.all() if need.period in WEEK_PERIODS[week]]


def week_minutes(job, week):
    return sum(slot.minutes for need in week_needs(job, week) for slot in need.slots.all())


def annual_hours(group, term_minutes, holiday_minutes):
    return (term_minutes * group.term_weeks + holiday_minutes * group.holiday_weeks) / 60


@dataclass
class ScheduleSlot:
    day: int
    start: object
    end: object
    need: object

    @property
    def site(self):
        return self.need.site

    @property
    def employer(self):
        return self.need.employer


def schedule(job, week):
    """The job's week, day by day: ``{day: [ScheduleSlot, …]}`` in time order."""
    days = defaultdict(list)
    for need in week_needs(job, week):
        for slot in need.slots.all():
            days[slot.day].append(ScheduleSlot(slot.day, slot.start, slot.end, need))
    return {day: sorted(slots, key=lambda s: s.start) for day, slots in sorted(days.items())}


@dataclass
class Share:
    """One member's part of one job (or of all jobs, when summed)."""

    employer: object
    term_minutes: int = 0
    holiday_minutes: int = 0
    annual_hours: float = 0.0
    annual_cost: Decimal = Decimal("0")
    jobs: list = field(default_factory=list)
    # The lowest hourly cost the member said its needs in the job can bear (None: not
    # said), and the job's hourly cost.
    bearable: Decimal | None = None
    hourly_cost: Decimal | None = None

    @property
    def over_budget(self):
        """The job's hourly cost is above what one of the member's needs can bear."""
        return (
            self.bearable is not None
            and self.hourly_cost is not None
            and self.hourly_cost > self.bearable
        )

    @property
    def term_hours(self):
        return self.term_minutes / 60

    @property
    def holiday_hours(self):
        return self.holiday_minutes / 60


def job_shares(job, group):
    """Each member's share of ``job``: its needs' hours in each kind of week, its annual
    hours, and their cost at the job's hourly cost. Sorted by member name."""
    shares = {}
    for week, attribute in ((Week.TERM, "term_minutes"), (Week.HOLIDAYS, "holiday_minutes")):
        for need in week_needs(job, week):
            share = shares.setdefault(need.employer_id, Share(need.employer))
            minutes = sum(slot.minutes for slot in need.slots.all())
            setattr(share, attribute, getattr(share, attribute) + minutes)
            if need.hourly_cost_max is not None and (
                share.bearable is None or need.hourly_cost_max < share.bearable
            ):
                share.bearable = need.hourly_cost_max
    for share in shares.values():
        share.annual_hours = annual_hours(group, share.term_minutes, share.holiday_minutes)
        share.annual_cost = (Decimal(str(share.annual_hours)) * job.hourly_cost).quantize(
            Decimal("0.01")
        )
        share.jobs = [job]
        share.hourly_cost = job.hourly_cost
    return sorted(shares.values(), key=lambda s: s.employer.organisation.name)


def member_shares(group, jobs=None):
    """Each member's share of all the jobs kept, summed: ``{employer pk: Share}``."""
    totals = {}
    for job in jobs if jobs is not None else jobs_for_shares(group):
        for share in job_shares(job, group):
            total = totals.setdefault(share.employer.pk, Share(share.employer))
            total.term_minutes += share.term_minutes
            total.holiday_minutes += share.holiday_minutes
            total.annual_hours += share.annual_hours
            total.annual_cost += share.annual_cost
            total.jobs.append(job)
    return totals


def trainings_needed(job, group):
    """The trainings the person hired needs: for each job family of the job that their
    qualification (``holder_qualification``) does not cover, the group's trainings that
    open it to holders of that qualification (or to anyone). Empty when the holder is
    not known yet or holds the job's qualification."""
    holder = job.holder_qualification
    if holder is None or holder.pk == job.qualification_id:
        return []
    covered = {family.pk for family in holder.families.all()}
    missing = {need.family_id for need in job.needs.all()} - covered
    if not missing:
        return []
    return list(
        group.trainings.filter(family_id__in=missing)
        .filter(Q(from_qualification=holder) | Q(from_qualification__isnull=True))
        .select_related("family", "from_qualification")
        .order_by("family__name", "cost")
    )
