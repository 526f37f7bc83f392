"""What the pages and sheets of the day's rounds show, read from the café's Slots
(nothing here writes): the grid of rounds × tables, who is left without a meeting and
why, the per-table and per-seeker sheets, a recruiter's and a seeker's own rounds."""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Slot
from .services_rotations import (
    eligible_recruiters,
    eligible_seekers,
    first_round_at,
    planner_input,
    round_starts,
)


def first_name(seeker):
    """The first word of the name: what sheets and recruiters read."""
    parts = seeker.name.split()
    return parts[0] if parts else ""


def shown_name(seeker):
    """A consenting seeker's first name; "a job seeker" otherwise."""
    return first_name(seeker) if seeker.consents else _("A job seeker")


def day_started(cafe, now=None):
    return (now or timezone.now()) >= first_round_at(cafe)


def _slots(cafe):
    return list(
        Slot.objects.filter(cafe=cafe)
        .select_related("seeker", "recruiter")
        .order_by("rotation", "recruiter__name", "recruiter_id", "table", "seeker__name", "pk")
    )


@dataclass
class Grid:
    columns: list = field(default_factory=list)  # (recruiter, table number from 1)
    rows: list = field(default_factory=list)  # {"number", "start", "kept", "cells"}
    meetings: int = 0
    wishes: int = 0
    left_out: list = field(default_factory=list)  # (seeker, reason)
    not_here: int = 0
    recruiters_here: int = 0


def plan_grid(cafe, now=None):
    """The organisers' grid: a row per round, a column per recruiter's table."""
    slots = _slots(cafe)
    recruiters = list(cafe.recruiters.all())
    used = {}
    for slot in slots:
        used[slot.recruiter_id] = max(used.get(slot.recruiter_id, 0), slot.table + 1)
    columns = [
        (recruiter, table)
        for recruiter in recruiters
        for table in range(
            max(recruiter.tables if recruiter.present else 0, used.get(recruiter.pk, 0))
        )
    ]
    cells = {}
    for slot in slots:
        cells.setdefault((slot.rotation, slot.recruiter_id, slot.table), []).append(slot.seeker)
    grid = Grid(columns=[(recruiter, table + 1) for recruiter, table in columns])
    for number, start in enumerate(round_starts(cafe)):
        grid.rows.append(
            {
                "number": number + 1,
                "start": start,
                "kept": number < cafe.plan_from,
                "cells": [cells.get((number, r.pk, table), []) for r, table in columns],
            }
        )
    grid.meetings = len(slots)
    started = day_started(cafe, now)
    present, wishes = planner_input(cafe, started=started)
    grid.wishes = sum(len(wished) for wished in wishes.values())
    met = {slot.seeker_id for slot in slots}
    seekers = eligible_seekers(cafe, started=started)
    for seeker in seekers:
        if seeker.pk in met:
            continue
        if wishes.get(str(seeker.pk)):
            reason = _("No seat was left at the tables of the recruiters wished.")
        else:
            reason = _("No wish for a recruiter who is here.")
        grid.left_out.append((seeker, reason))
    if started:
        grid.not_here = cafe.seekers.filter(erased_at__isnull=True, status="registered").count()
    grid.recruiters_here = eligible_recruiters(cafe).count()
    return grid


def _times(cafe):
    zone = cafe.event.time_zone
    return [timezone.localtime(start, timezone=_zone(zone)) for start in round_starts(cafe)]


def _zone(name):
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)


def table_sheets(cafe):
    """One sheet per recruiter's table: each round, its time and the seekers seated
    there (first names, and the jobs they wish when they consented)."""
    times = _times(cafe)
    sheets = {}
    for recruiter in cafe.recruiters.all():
        for table in range(recruiter.tables):
            sheets[(recruiter.pk, table)] = {
                "recruiter": recruiter,
                "table": table + 1,
                "rounds": {n: [] for n in range(cafe.rotations)},
            }
    for slot in _slots(cafe):
        sheet = sheets.setdefault(
            (slot.recruiter_id, slot.table),
            {
                "recruiter": slot.recruiter,
                "table": slot.table + 1,
                "rounds": {n: [] for n in range(cafe.rotations)},
            },
        )
        sheet["rounds"][slot.rotation].append(
            {
                "name": shown_name(slot.seeker),
                "wishes": slot.seeker.wishes_text if slot.seeker.consents else "",
            }
        )
    result = []
    for sheet in sheets.values():
        sheet["rounds"] = [
            {"number": number + 1, "time": times[number], "seekers": people}
            for number, people in sheet["rounds"].items()
        ]
        result.append(sheet)
    result.sort(key=lambda sheet: (sheet["recruiter"].name, sheet["recruiter"].pk, sheet["table"]))
    return result


def seeker_rounds(seeker, times=None):
    """A seeker's own rounds: number, time, recruiter, table (from 1)."""
    cafe = seeker.cafe
    times = times or _times(cafe)
    return [
        {
            "number": slot.rotation + 1,
            "time": times[slot.rotation] if slot.rotation < len(times) else None,
            "recruiter": slot.recruiter.name,
            "table": slot.table + 1,
        }
        for slot in seeker.slots.select_related("recruiter").order_by("rotation")
    ]


def seeker_sheets(cafe):
    """One sheet per seeker who has meetings: round, time, recruiter, table."""
    times = _times(cafe)
    sheets = {}
    for slot in _slots(cafe):
        sheet = sheets.setdefault(slot.seeker_id, {"seeker": slot.seeker, "rounds": []})
        sheet["rounds"].append(
            {
                "number": slot.rotation + 1,
                "time": times[slot.rotation],
                "recruiter": slot.recruiter.name,
                "table": slot.table + 1,
            }
        )
    return sorted(sheets.values(), key=lambda sheet: (sheet["seeker"].name, sheet["seeker"].pk))


def recruiter_schedule(recruiter):
    """A recruiter's meetings, in order, with their time."""
    times = _times(recruiter.cafe)
    slots = list(
        recruiter.slots.select_related("seeker").order_by("rotation", "table", "seeker__name")
    )
    for slot in slots:
        slot.time = times[slot.rotation] if slot.rotation < len(times) else None
        slot.shown_name = shown_name(slot.seeker)
    return slots


def recruiter_schedule_time(slot):
    times = _times(slot.cafe)
    return times[slot.rotation] if slot.rotation < len(times) else None
