"""Histories read in words, in the reader's language (audit.history): every field a service
records has a translated label, every recorded choice its label, dates and amounts are
written for the reader, and older rows (ids, "None", "True", "25000.00 EUR") still read."""

import ast
import datetime
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from maillage.audit import history
from maillage.audit.models import ACTION_LABELS, AuditEvent
from maillage.collectives.models import Membership, Role
from maillage.projects import services as project_services

from .test_translations import LOCALE, read_po

APP = Path(__file__).resolve().parent.parent / "maillage"
LOGGERS = {"log_action", "_log", "_audit"}
ACTION = re.compile(r"^[a-z_]+\.[a-z_]+$")
MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"


def _actions_named(call):
    """The actions a call to log_action (or an app's wrapper of it) may record."""
    names = set()
    for node in ast.walk(call):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if ACTION.match(node.value):
                names.add(node.value)
        elif isinstance(node, ast.JoinedStr):  # f"membership_request.{status}"
            head = "".join(
                part.value for part in node.values if isinstance(part, ast.Constant)
            ).split("{")[0]
            names |= {action for action in ACTION_LABELS if action.startswith(head)}
    return names


def _dict_keys(node):
    return {
        key.value
        for found in ast.walk(node)
        if isinstance(found, ast.Dict)
        for key in found.keys
        if isinstance(key, ast.Constant) and isinstance(key.value, str)
    }


def recorded_fields():
    """(app, actions, key) for each field a service records by name: the keys of the dict
    literals given to log_action, or to the variables it is given, in the same function.
    ``actions`` are those the call may record (one of them, for an action's name built
    from a status)."""
    found = set()
    for path in sorted(APP.glob("*/services*.py")):
        tree = ast.parse(path.read_text())
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            assigned = {}
            for node in ast.walk(function):
                if isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict):
                    for target in node.targets:
                        if isinstance(target, ast.Name):
                            assigned.setdefault(target.id, set()).update(_dict_keys(node.value))
            for call in ast.walk(function):
                name = getattr(call, "func", None)
                name = getattr(name, "id", getattr(name, "attr", None))
                if not isinstance(call, ast.Call) or name not in LOGGERS:
                    continue
                keys = _dict_keys(call)
                for node in ast.walk(call):
                    if isinstance(node, ast.Name) and node.id in assigned:
                        keys |= assigned[node.id]
                actions = frozenset(_actions_named(call))
                found |= {(path.parent.name, actions, key) for key in keys}
    return found


def test_the_scan_finds_the_services_records():
    fields = recorded_fields()
    assert ("projects", frozenset({"projects.need_added"}), "amount") in fields
    proposed = ("meetings", frozenset({"meetings.amendment_proposed"}), "proposed_text")
    assert proposed in fields
    decided = frozenset(
        {"membership_request.created", "membership_request.accepted", "membership_request.refused"}
    )
    assert ("collectives", decided, "person") in fields
    assert len(fields) > 100


def test_every_field_a_service_records_has_a_label():
    missing = sorted(
        f"{app}: {sorted(actions)} {key}"
        for app, actions, key in recorded_fields()
        if all(history.field(action, key) is None for action in actions)
    )
    assert missing == []


def test_every_registered_action_is_one_the_log_knows():
    assert sorted(set(history.registered()) - set(ACTION_LABELS)) == []


def _french_catalogue():
    return {
        msgid for msgid, _msgstr, _flags in read_po(LOCALE / "fr" / "LC_MESSAGES" / "django.po")
    }


def _untranslated(text, catalogue):
    """``text`` (lazy) reads the same in French and English and is not in the catalogue."""
    with translation.override("fr"):
        french = str(text)
    with translation.override("en"):
        english = str(text)
    if french != english:
        return False
    return english not in catalogue and not any(m.endswith("\x04" + english) for m in catalogue)


def test_every_label_and_choice_reads_in_french():
    catalogue = _french_catalogue()
    wrong = []
    for action, fields in history.registered().items():
        for key, entry in fields.items():
            with translation.override("fr"):
                label = str(entry.label)
            if label == key or "_" in label or _untranslated(entry.label, catalogue):
                wrong.append(f"{action} {key}: label {label!r}")
            if isinstance(entry.show, history.Choice):
                for value, text in entry.show.labels().items():
                    if _untranslated(text, catalogue) and str(text) != value:
                        wrong.append(f"{action} {key}: choice {value!r} reads {text!r}")
            if entry.empty is not None and _untranslated(entry.empty, catalogue):
                wrong.append(f"{action} {key}: {entry.empty!r}")
    assert sorted(set(wrong)) == []


def _raw_choices():
    """Stored choices whose label differs from them ("running", "funding"…)."""
    raw = set()
    for fields in history.registered().values():
        for entry in fields.values():
            if isinstance(entry.show, history.Choice):
                with translation.override("fr"):
                    raw |= {v for v, text in entry.show.labels().items() if str(text) != v}
    return raw


@pytest.mark.django_db
def test_the_demo_history_reads_in_french_words():
    call_command("load_demo", stdout=StringIO())
    events = list(AuditEvent.objects.all())
    assert len(events) > 100
    assert [problem for event in events for problem in history.problems(event)] == []

    keys = {key for fields in history.registered().values() for key in fields}
    raw_choices = _raw_choices()
    with translation.override("fr"):
        history.describe(events)
    changes = [change for event in events for change in event.readable_changes]
    assert len(changes) > 300
    assert [c.label for c in changes if c.label in keys or "_" in c.label] == []
    assert [c for c in changes if {c.before, c.after} & raw_choices] == []
    lines = {f"{change.label} : {change.after}" for change in changes}
    # A need's amount, a date and a status, as people write them.
    assert "Montant : 25\xa0000\xa0€" in lines
    assert any(re.fullmatch(rf"Échéance : \d{{1,2}} ({MONTHS}) \d{{4}}", line) for line in lines)
    assert "Statut : En cours" in lines


@pytest.mark.django_db
def test_the_french_log_pages_show_words_not_field_names(client):
    call_command("load_demo", stdout=StringIO())
    keys = {key for fields in history.registered().values() for key in fields}
    raw_choices = _raw_choices()
    for slug in ("gt-rte-geneve", "pcpe-93", "ptce-sicoval", "co-acte", "socialup"):
        coordinator = (
            Membership.objects.active()
            .filter(collective__slug=slug, role=Role.COORDINATOR)
            .first()
            .user
        )
        coordinator.language = "fr"
        coordinator.save(update_fields=["language"])
        client.force_login(coordinator)
        page = client.get(reverse("audit:log", args=[slug])).content.decode()
        labels = re.findall(r"<div><strong>(.*?)\xa0:</strong>", page)
        values = re.findall(r"</span>([^<]*)</(?:ins|del)>", page)
        assert labels and values, slug
        assert [label for label in labels if label in keys or "_" in label] == []
        assert [value for value in values if value in raw_choices] == []
        for raw in ("need", "due_on", "due_date", "proposed_text", "status: ", "running"):
            assert raw not in page, (slug, raw)


@pytest.mark.django_db
def test_a_project_history_reads_in_words(world, client):
    project = _board(world)
    project_services.add_need(
        actor=world.coordinator,
        project=project,
        kind="funding",
        description="Étude",
        amount="25 000",
        currency="EUR",
    )
    project_services.set_status(actor=world.coordinator, project=project, status="running")
    world.member.language = "fr"
    world.member.save(update_fields=["language"])
    client.force_login(world.member)
    page = client.get(project.get_absolute_url()).content.decode()
    page = page[page.index('id="history-title"') :]
    page = page[: page.index("</section>")]
    assert "Besoin\xa0:</strong>" in page and "Financement recherché" in page
    assert "Montant\xa0:</strong>" in page and "25\xa0000\xa0€" in page
    assert "Statut\xa0:</strong>" in page and "En cours" in page
    assert ">need<" not in page and ">status<" not in page and "funding" not in page


def _board(world):
    stream = project_services.create_work_stream(
        actor=world.coordinator, collective=world.collective, title="Emploi"
    )
    return project_services.create_project(
        actor=world.coordinator, work_stream=stream, title="Cafés", pilots=[world.member]
    )


@pytest.mark.django_db
def test_older_rows_still_read(world, django_assert_num_queries):
    """Rows written before the values were structured: "None", "True", dates as text,
    amounts with their currency, a list's text, and ids of meetings and projects."""
    project = _board(world)
    rows = [
        AuditEvent.objects.create(
            collective=world.collective,
            action="projects.project_updated",
            object_type="projects.project",
            object_id=str(project.pk),
            object_repr="Cafés",
            before={"ends_on": "None", "public": "False", "progress": 40},
            after={"ends_on": "2027-02-04", "public": "True", "progress": None},
        ),
        AuditEvent.objects.create(
            collective=world.collective,
            action="projects.need_added",
            object_type="projects.project",
            object_id=str(project.pk),
            object_repr="Cafés",
            after={"need": "funding", "amount": "12000.50 CHF"},
        ),
        AuditEvent.objects.create(
            collective=world.collective,
            action="collective.updated",
            object_type="collectives.collective",
            object_id=str(world.collective.pk),
            object_repr="RTE",
            before={"languages": "['fr']"},
            after={"languages": "['fr', 'en']"},
        ),
        AuditEvent.objects.create(
            collective=world.collective,
            action="actions.created",
            object_type="actions.action",
            object_id="1",
            object_repr="Réserver",
            after={"project": project.pk, "meeting": None, "status": "todo"},
        ),
        AuditEvent.objects.create(
            collective=world.collective,
            action="actions.created",
            object_type="actions.action",
            object_id="2",
            object_repr="Inviter",
            after={"project": project.pk, "due_date": "2027-06-07"},
        ),
    ]
    assert [problem for row in rows for problem in history.problems(row)] == []
    with translation.override("fr"), django_assert_num_queries(1):  # the projects' names
        history.describe(rows)
    changes = [set(row.readable_changes) for row in rows]
    assert changes[0] == {
        ("Date de fin", None, "4 février 2027"),
        ("Montré sur la page publique des résultats", "non", "oui"),
        ("Avancement", "40\xa0%", "d'après les jalons"),
    }
    assert changes[1] == {
        ("Besoin", None, "Financement recherché"),
        ("Montant", None, "12\xa0000,50\xa0CHF"),
    }
    assert changes[2] == {("Langues", "Français", "Français, Anglais")}
    assert changes[3] == {("Projet", None, "Cafés"), ("Statut", None, "À faire")}
    assert ("Échéance", None, "7 juin 2027") in changes[4]
    with translation.override("en"):
        english = set(history.describe(rows[1:2])[0].readable_changes)
    assert english == {("Need", None, "Funding sought"), ("Amount", None, "CHF 12,000.50")}


@pytest.mark.django_db
def test_new_rows_keep_structured_values(world):
    project = _board(world)
    project_services.update_project(
        actor=world.coordinator,
        project=project,
        base_version=project.version,
        public=True,
        ends_on=datetime.date(2030, 2, 4),
    )
    event = AuditEvent.objects.filter(action="projects.project_updated").latest("pk")
    assert event.before == {"ends_on": None, "public": False}
    assert event.after == {"ends_on": "2030-02-04", "public": True}


def test_a_field_nobody_registered_is_reported():
    event = AuditEvent(action="projects.need_added", after={"need": "funding", "colour": "red"})
    assert history.problems(event) == ["projects.need_added: no label for 'colour'"]
    event = AuditEvent(action="projects.status_changed", after={"status": "flying"})
    assert history.problems(event) == ["projects.status_changed: no words for status='flying'"]


@pytest.mark.django_db
def test_the_suite_fails_on_a_recorded_field_without_words(world):
    """tests/conftest.py checks every change the tests record."""
    from maillage.audit.services import log_action

    with pytest.raises(AssertionError, match="no label for 'colour'"):
        log_action(
            actor=None, action="projects.need_added", obj=world.collective, after={"colour": "red"}
        )
