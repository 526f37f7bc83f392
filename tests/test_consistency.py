"""Cheap checks that keep the project's conventions."""

import re
from pathlib import Path

from maillage.audit.models import ACTION_LABELS

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
        if name not in sources and stem not in sources:
            unused.append(name)
    assert unused == []
