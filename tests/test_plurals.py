"""A number next to a noun goes through ngettext / {% blocktranslate count %}.

"1 énoncés créés" and "tours 2" were seen: the checks below read the catalogue, the
templates and the Python sources for a counted noun whose message has one form only,
then look at what a coordinator reads after making statements from the themes.
"""

import ast
import re
from pathlib import Path

from django.urls import reverse
from django.utils.html import escape

from maillage.consultations import services

from .consultations.workshop import build_workshop
from .test_translations import LOCALE, read_po

ROOT = Path(__file__).resolve().parent.parent / "maillage"

# Nouns that are counted somewhere in the project (English source strings).
NOUNS = (
    "participants|people|persons|statements|notes|votes|answers|seats|minutes|hours|days|"
    "weeks|projects|items|themes|groups|rounds|members|comments|actions|registrations|"
    "streams|codes|decisions|meetings|events|milestones"
)
# A placeholder, then at most one word, then a counted noun: "%(n)s participants",
# "%(streams)d work streams", "{{ n }} notes".
COUNTED = re.compile(
    rf"(?:%\((\w+)\)[sd]|\{{\{{ ?(\w+)[^}}]*\}}\}})\s+(?:\w+\s+)?(?:{NOUNS})\b", re.IGNORECASE
)
# Limits set by the code, never 1: "statements with at least %(min)s votes".
CONSTANTS = {"max", "min", "limit"}
# Messages whose number is never 1 by construction, with the reason.
NEVER_ONE = {
    # The board's script picks the zero and one messages itself.
    "%%(n)s notes ticked.",
}


def counted_nouns(message):
    """The placeholders of ``message`` that count a noun."""
    return [
        m.group(1) or m.group(2)
        for m in COUNTED.finditer(message)
        if (m.group(1) or m.group(2)) not in CONSTANTS
    ]


def test_the_checker_finds_the_patterns_it_is_for():
    assert counted_nouns("%(count)s people are already confirmed") == ["count"]
    assert counted_nouns("%(streams)d work streams, %(projects)d projects") == [
        "streams",
        "projects",
    ]
    assert counted_nouns("of the {{ n }} participants who answered") == ["n"]
    assert counted_nouns("Only statements with at least %(min)s votes are listed.") == []
    assert counted_nouns("Round %(round)s") == []


def test_no_message_of_one_form_counts_a_noun():
    """Every catalogue entry that puts a number before a noun has a plural form."""
    single = [
        msgid
        for msgid, msgstrs, _flags in read_po(LOCALE / "fr" / "LC_MESSAGES" / "django.po")
        if len(msgstrs) == 1 and msgid not in NEVER_ONE and counted_nouns(msgid)
    ]
    assert single == []


def test_french_plural_entries_have_both_forms():
    """French: 0 and 1 are singular (msgstr[0]), from 2 on plural (msgstr[1])."""
    text = (LOCALE / "fr" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    assert '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"' in text
    plural = [
        (msgid, msgstrs)
        for msgid, msgstrs, _flags in read_po(LOCALE / "fr" / "LC_MESSAGES" / "django.po")
        if len(msgstrs) > 1
    ]
    assert len(plural) > 50
    assert [msgid for msgid, msgstrs in plural if set(msgstrs) != {"0", "1"}] == []


def _blocktranslates_without_count(source):
    for match in re.finditer(
        r"\{% blocktranslate( [^%]*)?%\}(.*?)\{% endblocktranslate %\}", source, re.S
    ):
        head, body = match.group(1) or "", match.group(2)
        if " count " not in f" {head} ":
            yield body


def test_templates_count_nouns_through_blocktranslate_count():
    found = []
    for path in sorted((ROOT / "templates").rglob("*.*")):
        if path.suffix not in (".html", ".txt"):
            continue
        source = path.read_text(encoding="utf-8")
        for body in _blocktranslates_without_count(source):
            if counted_nouns(body):
                found.append((path.name, body.strip()[:80]))
        # "tours 2": a noun translated alone, then the numbers after it.
        for match in re.finditer(
            rf"\{{% translate \"(?:{NOUNS})\" %\}}\s*(?:\{{\{{|\{{% for)", source, re.I
        ):
            found.append((path.name, match.group(0)))
    assert found == []


def test_python_messages_count_nouns_through_ngettext():
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", "")
            if name not in ("_", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy"):
                continue
            for arg in node.args:
                if (
                    isinstance(arg, ast.Constant)
                    and isinstance(arg.value, str)
                    and counted_nouns(arg.value)
                ):
                    found.append((path.name, node.lineno, arg.value[:80]))
    assert found == []


# --------------------------------------------------------------- what a coordinator reads


def _themes(world, workshop, count):
    return [
        services.create_theme(
            actor=world.facilitator,
            group=workshop.group,
            title=f"Thème {n}",
            statement=f"Un énoncé de synthèse numéro {n}",
        )
        for n in range(count)
    ]


def _make_statements(client, world, workshop, themes):
    url = reverse(
        "consultations:statements_from_themes",
        args=[world.collective.slug, workshop.consultation.pk],
    )
    response = client.post(url, {"themes": [t.pk for t in themes], "round": ""}, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def test_one_statement_made_from_the_themes_is_said_in_the_singular(client, world):
    workshop = build_workshop(world)
    client.force_login(world.coordinator)
    page = _make_statements(client, world, workshop, _themes(world, workshop, 1))
    assert escape("1 énoncé créé à partir des thèmes.") in page
    assert "énoncés créés" not in page


def test_two_statements_made_from_the_themes_are_said_in_the_plural(client, world):
    workshop = build_workshop(world)
    client.force_login(world.coordinator)
    page = _make_statements(client, world, workshop, _themes(world, workshop, 2))
    assert escape("2 énoncés créés à partir des thèmes.") in page


def test_the_statements_list_names_the_round_of_a_statement_in_the_singular(client, world):
    """Not "tours 2": "au tour 2", and "aux tours 2, 3" for several."""
    workshop = build_workshop(world)
    consultation = workshop.consultation
    second = consultation.rounds.get(number=2)
    third = services.add_round(
        actor=world.facilitator, consultation=consultation, title="Notation", kind="rate"
    )
    one, two = _themes(world, workshop, 2)
    services.add_statements_from_themes(
        actor=world.facilitator, consultation=consultation, themes=[one], round_=second
    )
    services.add_statements_from_themes(
        actor=world.facilitator, consultation=consultation, themes=[two], round_=second
    )
    services.add_statements_from_themes(
        actor=world.facilitator, consultation=consultation, themes=[two], round_=third
    )
    client.force_login(world.coordinator)
    page = client.get(
        reverse("consultations:rounds", args=[world.collective.slug, consultation.pk])
    ).content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page))
    assert "au tour 2" in text
    assert "aux tours 2, 3" in text
    assert not re.search(r"(?<!aux )tours 2\b", text)


def test_a_round_is_named_by_its_number_then_its_title(client, world):
    """Not "Résultats du tour 2. Tour Delphi…": the number, then the title in quotes."""
    workshop = build_workshop(world)
    consultation = workshop.consultation
    round_ = consultation.rounds.get(number=2)
    client.force_login(world.coordinator)
    args = [world.collective.slug, consultation.pk, 2]
    expected = f"tour 2, «\u00a0{round_.title}\u00a0»"
    for name in ("results", "round_statements"):
        page = client.get(reverse(f"consultations:{name}", args=args)).content.decode()
        heading = re.search(r"<h1>(.*?)</h1>", page, re.S).group(1)
        assert escape(expected) in heading, name
        assert "tour 2." not in heading, name
