"""The test harness itself: undefined template variables, workers kept apart, layers."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.template import engines

ROOT = Path(__file__).resolve().parent.parent


def render(source, context=None):
    return engines["django"].from_string(source).render(context or {})


def test_an_undefined_variable_is_written_down_with_its_template_and_line():
    found = engines["django"].engine.string_if_invalid.found
    shown = render("{% load i18n %}Bonjour\n{{ person.nmae }}")
    assert "INVALID_TEMPLATE_VARIABLE&lt;person.nmae&gt;" in shown
    assert found == ["<unknown source>, line 2: person.nmae"]
    found.clear()  # written down on purpose: the test must not fail for it
    render("{% load i18n %}{% blocktranslate %}Bonjour {{ who }}{% endblocktranslate %}")
    assert found == ["<unknown source>, line 1: who"]
    found.clear()


def test_a_value_django_cannot_read_is_written_down_too():
    """A method that needs arguments (or a related object that does not exist): Django
    shows string_if_invalid as it is, without a name."""

    class Meeting:
        def invite(self, person):
            return person

    found = engines["django"].engine.string_if_invalid.found
    render("{{ meeting.invite }}", {"meeting": Meeting()})
    assert found == ["<unknown source>, line 1: a value that could not be read"]
    found.clear()


def test_tags_that_treat_a_missing_variable_as_none_are_no_finding():
    """Django documents that {% if %}, {% for %} and {% regroup %} read a missing
    variable as None without string_if_invalid; testing for one is what they are for."""
    found = engines["django"].engine.string_if_invalid.found
    source = (
        "{% if collective.logo %}logo{% endif %}{% for x in missing %}{{ x }}{% empty %}-"
        "{% endfor %}{% regroup missing by kind as kinds %}{% if a.b|default:c %}{% endif %}"
        "{{ known|default:'?' }}"
    )
    assert render(source, {"collective": object(), "known": ""}) == "-?"
    assert found == []


@pytest.mark.django_db
def test_each_worker_has_its_own_database_and_files(tmp_path):
    """pytest-xdist: every worker creates its own test database and writes under its
    own temporary folder, so that tests in parallel never see each other's rows or
    files."""
    if worker_id := os.environ.get("PYTEST_XDIST_WORKER"):
        assert str(connection.settings_dict["NAME"]).endswith(f"_{worker_id}")
    assert Path(settings.MEDIA_ROOT).is_relative_to(tmp_path)


def test_the_import_contracts_hold():
    """.importlinter: which app may import which (also in `make quality`)."""
    linter = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(linter), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
