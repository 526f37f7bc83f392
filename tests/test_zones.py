"""Time-zone helpers and date/time pickers, in one place for every app
(maillage.core.zones, maillage.core.widgets)."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from maillage.core import zones
from maillage.core.widgets import DateInput, DateTimeLocalInput, TimeInput

from .test_consistency import _forms_of_the_project

GENEVA = ZoneInfo("Europe/Zurich")
PICKERS = {"date", "time", "datetime-local"}


def test_every_date_and_time_picker_of_every_form_is_cores():
    """No app keeps its own date or time input: every picker of every form (declared in a
    forms module or a views module) is one of maillage.core.widgets'."""
    found, elsewhere = [], []
    for form in _forms_of_the_project():
        for name, field in form.base_fields.items():
            for widget in getattr(field.widget, "widgets", [field.widget]):
                if getattr(widget, "input_type", None) in PICKERS:
                    where = f"{form.__module__}.{form.__qualname__}.{name}"
                    found.append(where)
                    if type(widget).__module__ != "maillage.core.widgets":
                        elsewhere.append(f"{where} ({type(widget).__module__})")
    assert "maillage.meetings.forms.MeetingForm.start_time" in found
    assert "maillage.events.forms_manage.EventForm.registration_opens_at" in found
    assert "maillage.events.forms_public.AgendaFilterForm.start" in found
    assert sorted(elsewhere) == [], "use maillage.core.widgets"


def test_the_pickers_write_the_formats_browsers_read():
    assert 'type="date"' in DateInput().render("d", date(2026, 3, 31))
    assert 'value="2026-03-31"' in DateInput().render("d", date(2026, 3, 31))
    assert 'value="18:30"' in TimeInput().render("t", time(18, 30, 12))
    html = DateTimeLocalInput().render("dt", datetime(2026, 3, 31, 18, 30))
    assert 'type="datetime-local"' in html and 'value="2026-03-31T18:30"' in html


def test_a_date_and_a_time_typed_for_a_place_keep_their_wall_clock():
    winter = zones.local_datetime(date(2026, 1, 15), time(14, 0), "Europe/Zurich")
    summer = zones.local_datetime(date(2026, 7, 15), time(14, 0), GENEVA)
    assert winter.utcoffset().total_seconds() == 3600
    assert summer.utcoffset().total_seconds() == 7200
    assert (winter.hour, summer.hour) == (14, 14)
    assert zones.local_datetime(date(2026, 1, 15), None, GENEVA).time() == time(0, 0)
    assert zones.wall_clock(summer, ZoneInfo("Europe/London")) == datetime(2026, 7, 15, 13, 0)
    assert zones.wall_clock(None, GENEVA) is None


def test_an_unknown_zone_is_refused_or_replaced_by_the_default():
    zones.validate_time_zone("Europe/Paris")
    with pytest.raises(ValidationError):
        zones.validate_time_zone("Europe/Atlantis")
    assert zones.zone_or_default("Europe/Paris") == ZoneInfo("Europe/Paris")
    assert zones.zone_or_default("Europe/Atlantis") == ZoneInfo(zones.DEFAULT_TIME_ZONE)
    assert zones.zone_or_default("") == ZoneInfo(zones.DEFAULT_TIME_ZONE)
    choices = zones.time_zone_choices()
    assert [value for value, _label in choices[: len(zones.COMMON_TIME_ZONES)]] == (
        zones.COMMON_TIME_ZONES
    )
    assert ("Asia/Tokyo", "Asia/Tokyo") in choices[-1][1]


def test_the_day_where_it_happens():
    class Thing(zones.LocalTimes):
        time_zone = "Pacific/Auckland"

    # 20:00 in Geneva on 31 March is already 1 April in Auckland.
    now = datetime(2026, 3, 31, 20, 0, tzinfo=GENEVA)
    assert Thing().local_today(now) == date(2026, 4, 1)
    assert Thing().local_now(now).hour == 7


def test_the_first_migrations_still_find_the_zone_check():
    from maillage.meetings import models

    assert models.validate_time_zone is zones.validate_time_zone
