"""Cheap checks that keep the project's conventions."""

import importlib
import pkgutil
import re
from pathlib import Path

from django import forms

import maillage
from maillage.audit.models import ACTION_LABELS
from maillage.core.dates import has_bounds

APP = Path(__file__).resolve().parent.parent / "maillage"


def test_every_audited_action_has_a_label_for_people():
    actions = set()
    for path in APP.rglob("*.py"):
        source = path.read_text()
        actions |= set(re.findall(r'action="([a-z_]+\.[a-z_]+)"', source))
        actions |= set(re.findall(r'_audit\(\s*\w+,\s*"([a-z_]+\.[a-z_]+)"', source))
    assert actions, "no log_action call found"
    assert sorted(actions - set(ACTION_LABELS)) == []


def test_every_template_is_used():
    templates = {
        str(path.relative_to(APP / "templates")) for path in (APP / "templates").rglob("*.*")
    }
    sources = "\n".join(
        path.read_text() for path in APP.rglob("*") if path.suffix in {".py", ".html", ".txt"}
    )
    # Error pages are found by Django by name; e-mail templates by their stem.
    by_django = {"404.html", "403.html", "500.html", "base.html"}
    unused = []
    for name in sorted(templates - by_django):
        stem = re.sub(r"(_subject)?\.(txt|html)$", "", name)
        if name.startswith("cotton/"):
            # A component cotton/page_header.html is written <c-page-header …>.
            tag = "<c-" + stem.removeprefix("cotton/").replace("/", ".").replace("_", "-")
            if not re.search(re.escape(tag) + r"[\s/>]", sources):
                unused.append(name)
        elif name not in sources and stem not in sources:
            unused.append(name)
    assert unused == []


# Modules that are not imported to find forms: settings (one per installation), the
# WSGI entry point, migrations and the synthesis engine's command line.
NOT_IMPORTED = re.compile(r"\.(settings|wsgi|migrations|__main__)(\.|$)")
DATE_FIELDS = (forms.DateField, forms.DateTimeField, forms.SplitDateTimeField)


def _forms_of_the_project():
    for module in pkgutil.walk_packages(maillage.__path__, "maillage."):
        if not NOT_IMPORTED.search(module.name):
            importlib.import_module(module.name)
    found, todo = set(), [forms.BaseForm]
    while todo:
        for subclass in todo.pop().__subclasses__():
            todo.append(subclass)
            if subclass.__module__.startswith("maillage."):
                found.add(subclass)
    return found


def test_every_date_field_of_every_form_refuses_dates_outside_the_range():
    """Every date, date-and-time and split field of every form (declared, or made from a
    model field by a ModelForm) is one of maillage.core.dates' fields: 1900 to 2100."""
    checked, unbounded = [], []
    for form in _forms_of_the_project():
        for name, field in form.base_fields.items():
            if isinstance(field, DATE_FIELDS):
                where = f"{form.__module__}.{form.__qualname__}.{name}"
                checked.append(where)
                if not has_bounds(field):
                    unbounded.append(where)
    # The walk finds forms in forms modules and in views modules alike.
    assert "maillage.meetings.forms.MeetingForm.date" in checked
    assert "maillage.consultations.forms_rounds.RoundForm.starts_on" in checked
    assert "maillage.events.forms_manage.EventForm.registration_opens_at" in checked
    assert sorted(unbounded) == [], (
        "use maillage.core.dates.DateField / DateTimeField / SplitDateTimeField "
        "(in a ModelForm: Meta.field_classes)"
    )
