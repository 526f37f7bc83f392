"""docs/privacy.md lists every field of every model of Maillage: a table for the personal
ones (purpose, who sees it, how long it is kept, what erases it), "Not personal" for the
rest. A field added to a model fails here until the register says what it is."""

import re
from pathlib import Path

from django.apps import apps

REGISTER = Path(__file__).resolve().parent.parent / "docs" / "privacy.md"
HEADING = re.compile(r"^### `([\w.]+)`\s*$")
ROW = re.compile(r"^\| `(\w+)` \|(.*)\|\s*$")
NOT_PERSONAL = re.compile(r"^Not personal: (.*)$")


def read_register():
    sections, current = {}, None
    for line in REGISTER.read_text(encoding="utf-8").splitlines():
        heading = HEADING.match(line)
        if heading:
            current = sections.setdefault(heading.group(1), {"personal": {}, "other": set()})
            continue
        if current is None:
            continue
        row = ROW.match(line)
        if row:
            current["personal"][row.group(1)] = [c.strip() for c in row.group(2).split("|")]
        listed = NOT_PERSONAL.match(line)
        if listed:
            current["other"] |= set(re.findall(r"`(\w+)`", listed.group(1)))
    return sections


def model_fields(model):
    return {
        f.name
        for f in model._meta.get_fields()
        if (f.concrete or f.many_to_many) and not f.auto_created
    }


def our_models():
    return [m for m in apps.get_models() if m.__module__.startswith("maillage.")]


def test_every_model_has_its_section():
    sections = read_register()
    missing = [m._meta.label for m in our_models() if m._meta.label not in sections]
    assert not missing, f"Models missing from docs/privacy.md: {missing}"
    gone = set(sections) - {m._meta.label for m in our_models()}
    assert not gone, f"docs/privacy.md lists models that no longer exist: {sorted(gone)}"


def test_every_field_is_in_the_register_once():
    sections = read_register()
    problems = []
    for model in our_models():
        section = sections.get(model._meta.label)
        if section is None:
            continue
        listed = set(section["personal"]) | section["other"]
        both = set(section["personal"]) & section["other"]
        fields = model_fields(model)
        if fields - listed:
            problems.append(f"{model._meta.label}: not in the register {sorted(fields - listed)}")
        if listed - fields:
            problems.append(f"{model._meta.label}: no such field {sorted(listed - fields)}")
        if both:
            problems.append(f"{model._meta.label}: both personal and not {sorted(both)}")
    assert not problems, "\n".join(problems)


def test_every_personal_field_says_why_who_how_long_and_what_erases_it():
    problems = []
    for label, section in read_register().items():
        for name, cells in section["personal"].items():
            if len(cells) != 4 or any(not c or c == "TODO" for c in cells):
                problems.append(f"{label}.{name}: {cells}")
    assert not problems, "Personal fields without their four answers:\n" + "\n".join(problems)


def test_the_register_reads_the_real_fields():
    """The parser is not vacuous: the account's address is a personal field."""
    sections = read_register()
    assert "email" in sections["accounts.User"]["personal"]
    assert len(sections) == len(our_models()) > 100
