"""The dates forms accept (1900 to 2100), and what feeds do with an item they cannot
write. Each app's forms and feeds are tested in tests/<app>/test_dates.py; the rule
that every date field of every form has the bound is in tests/test_consistency.py."""

import logging
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.utils import translation

from maillage.accounts.models import User
from maillage.actions.forms import ActionForm
from maillage.actions.models import Action
from maillage.consultations.forms_rounds import RoundForm
from maillage.consultations.forms_synthesis import CommitmentForm
from maillage.core import dates
from maillage.core.feeds import each_written
from maillage.meetings.forms import AnnouncementForm, NextMeetingForm
from maillage.projects.forms import MilestoneForm

from .factories import ConsultationFactory

MESSAGE = "Enter a date between 1900 and 2100."


class Bounded(forms.Form):
    day = dates.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    moment = dates.DateTimeField(required=False)
    split = dates.SplitDateTimeField(required=False)


@pytest.mark.parametrize("day", ["1900-01-01", "2026-03-31", "2100-12-31"])
def test_a_date_in_the_range_is_accepted(day):
    form = Bounded({"day": day})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == date.fromisoformat(day)


@pytest.mark.parametrize("day", ["1899-12-31", "1800-01-01", "2101-01-01", "9999-12-31"])
def test_a_date_outside_the_range_is_refused_with_a_message(day):
    with translation.override("en"):
        form = Bounded({"day": day})
        assert form.errors["day"] == [MESSAGE]
    assert form.has_error("day", code=dates.OUT_OF_RANGE)


def test_the_message_is_in_french_too():
    with translation.override("fr"):
        assert Bounded({"day": "9999-12-31"}).errors["day"] == [
            "Saisissez une date entre 1900 et 2100."
        ]


def test_dates_and_times_and_split_fields_have_the_bound_too():
    with translation.override("en"):
        form = Bounded(
            {
                "day": "2026-01-01",
                "moment": "9999-12-31T23:00",
                "split_0": "1800-01-01",
                "split_1": "10:00",
            }
        )
        assert form.errors == {"moment": [MESSAGE], "split": [MESSAGE]}
        form = Bounded({"day": "2026-01-01", "moment": "2100-12-31T23:59"})
        assert form.is_valid(), form.errors


def test_the_date_picker_is_told_the_range():
    html = str(Bounded()["day"])
    assert 'min="1900-01-01"' in html and 'max="2100-12-31"' in html


def test_a_model_form_gets_the_bound_through_field_classes():
    """What the consistency test tells a new ModelForm to do."""

    class Plain(forms.ModelForm):
        class Meta:
            model = Action
            fields = ["due_date"]

    class WithBound(Plain):
        class Meta(Plain.Meta):
            field_classes = {"due_date": dates.DateField}

    assert not dates.has_bounds(Plain.base_fields["due_date"])
    assert dates.has_bounds(WithBound.base_fields["due_date"])


def test_the_forms_of_every_app_refuse_such_dates(world):
    """A few forms outside meetings and events (tested in their own folders)."""
    consultation = ConsultationFactory(collective=world.collective)
    people = User.objects.none()
    cases = [
        (ActionForm, {"title": "X", "due_date": "9999-12-31"}, {"collective": world.collective}),
        (MilestoneForm, {"title": "X", "due_on": "1800-01-01"}, {}),
        (NextMeetingForm, {"date": "9999-12-31", "start_time": "10:00", "end_time": "11:00"}, {}),
        (AnnouncementForm, {"title": "X", "date": "9999-12-31"}, {}),
        (
            RoundForm,
            {"title": "X", "kind": "agree", "ends_on": "9999-12-31"},
            {"consultation": consultation},
        ),
        (CommitmentForm, {"text": "X", "due_on": "9999-12-31"}, {"people": people}),
    ]
    with translation.override("en"):
        for form_class, data, kwargs in cases:
            form = form_class(data, **kwargs)
            errors = [message for messages in form.errors.values() for message in messages]
            assert MESSAGE in errors, form_class.__name__


def test_a_feed_leaves_out_an_item_it_cannot_write_and_says_so(caplog):
    geneva = ZoneInfo("Europe/Zurich")
    items = [
        datetime(2026, 3, 31, tzinfo=geneva),
        datetime(9999, 12, 31, 23, tzinfo=ZoneInfo("UTC")),
        datetime(2026, 4, 1, tzinfo=geneva),
    ]
    far_east = ZoneInfo("Pacific/Kiritimati")  # 9999-12-31 23:00 UTC is 10000 there
    with caplog.at_level(logging.WARNING, logger="maillage.core.feeds"):
        written = list(each_written(items, lambda moment: moment.astimezone(far_east), what="x"))
    assert [item for item, _local in written] == [items[0], items[2]]
    assert "x None left out of a feed" in caplog.text
