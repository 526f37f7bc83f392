"""Naming a person in a form (a pilot, an organiser, a facilitator, a secretary, an
owner): someone outside the collective is refused without being named; someone who left
is named by the service, since the collective knows them."""

import pytest

from maillage.actions.forms import NewActionForm
from maillage.consultations.forms import FacilitatorsForm
from maillage.events.forms_manage import EventForm
from maillage.meetings.forms import ActionForm as MeetingActionForm
from maillage.meetings.forms import MeetingForm
from maillage.projects.forms import NewProjectForm, ProjectActionForm

from .consultations.workshop import build_workshop
from .meetings.setting import build_meeting

pytestmark = pytest.mark.django_db


def _forms(world):
    meeting = build_meeting(world).meeting
    people = world.collective.memberships.values("user_id")
    from maillage.accounts.models import User

    return [
        (NewProjectForm, {"collective": world.collective}, "pilots", True),
        (ProjectActionForm, {"collective": world.collective}, "owners", True),
        (MeetingForm, {"collective": world.collective}, "facilitators", True),
        (MeetingForm, {"collective": world.collective}, "secretary", False),
        (MeetingActionForm, {"meeting": meeting}, "owners", True),
        (EventForm, {"collective": world.collective}, "organisers", True),
        (NewActionForm, {"collective": world.collective}, "owners", True),
        (
            FacilitatorsForm,
            {"people": User.objects.filter(pk__in=people)},
            "facilitators",
            True,
        ),
    ]


def test_no_people_field_names_someone_outside_the_collective(world):
    build_workshop(world)
    outsider = world.outsider
    for form_class, kwargs, field, many in _forms(world):
        prefix = form_class(**kwargs).prefix
        name = f"{prefix}-{field}" if prefix else field
        value = [outsider.pk] if many else outsider.pk
        form = form_class(data={name: value}, **kwargs)
        assert not form.is_valid()
        errors = " ".join(str(e) for e in form.errors.get(field, []))
        assert errors, (form_class.__name__, field)
        assert outsider.display_name not in errors and outsider.email not in errors
        assert errors == "Choisissez un membre du collectif.", (form_class.__name__, errors)
