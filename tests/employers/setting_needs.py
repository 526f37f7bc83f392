"""Helpers of the NEEDS part's tests: the group of tests/employers/setting.py and the
arguments of a need the world's member may declare for their own employer."""

import datetime

from maillage.employers.models import Period

from .setting import build_group


def slot(day, start, end):
    return (day, datetime.time.fromisoformat(start), datetime.time.fromisoformat(end))


def need_args(made, **changes):
    """A valid need of the member's own employer (cleaning at its own site)."""
    args = {
        "employer": made.own,
        "family": made.families["entretien"],
        "site": made.sites[0],
        "period": Period.ALL_YEAR,
        "starts_on": datetime.date(2027, 1, 4),
        "slots": [slot(0, "06:00", "08:00"), slot(2, "06:00", "08:00")],
    }
    args.update(changes)
    return args


def need_post(made, **changes):
    """The need form's POST data for ``need_args``: four rows, two filled."""
    data = {
        "employer": str(made.own.pk),
        "family": str(made.families["entretien"].pk),
        "site": str(made.sites[0].pk),
        "qualification": "",
        "period": "all_year",
        "starts_on": "2027-01-04",
        "hourly_cost_max": "",
        "note": "Entretien du matin",
        "version": "",
        "slots-TOTAL_FORMS": "4",
        "slots-INITIAL_FORMS": "0",
        "slots-MIN_NUM_FORMS": "0",
        "slots-MAX_NUM_FORMS": "42",
        "slots-0-day": "0",
        "slots-0-start": "06:00",
        "slots-0-end": "08:00",
        "slots-1-day": "2",
        "slots-1-start": "06:00",
        "slots-1-end": "08:00",
        "slots-2-day": "",
        "slots-2-start": "",
        "slots-2-end": "",
        "slots-3-day": "",
        "slots-3-start": "",
        "slots-3-end": "",
    }
    data.update(changes)
    return data


__all__ = ["build_group", "need_args", "need_post", "slot"]
