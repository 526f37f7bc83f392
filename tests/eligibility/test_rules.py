"""maillage.eligibility.rules: rules as data (loading errors with clear messages), the
evaluator's four outcomes with their reasons, effective dates and versions in a
RuleSet, and the `evaluate` command line (bad input: exit 2 and a message, never a
traceback)."""

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from maillage.eligibility import (
    ALREADY,
    ELIGIBLE,
    REFUSED,
    UNCERTAIN,
    EligibilityInputError,
    Rule,
    RuleSet,
    evaluate,
    text,
)
from maillage.eligibility.rules import FAILED, PASSED, TO_CONFIRM, UNKNOWN

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 3, 2)

QUALIFE = {
    "id": "qualife-50-64",
    "version": 1,
    "name": {"fr": "Fondation Qualife, 50–64 ans", "en": "Qualife Foundation, aged 50–64"},
    "reference": {"title": "Fondation Qualife", "url": "https://example.org/qualife"},
    "already": {"fact": "followed_by_qualife", "op": "is_true"},
    "criteria": [
        {
            "id": "age",
            "label": {"fr": "Avoir entre 50 et 64 ans", "en": "Be aged 50 to 64"},
            "when": {"fact": "age", "op": "between", "value": [50, 64]},
        },
        {
            "id": "geneva",
            "label": {"fr": "Habiter à Genève"},
            "when": {"fact": "residence", "op": "eq", "value": "GE"},
            "check": "tool",
        },
        {
            "id": "motivation",
            "label": {"fr": "Être motivé", "en": "Be motivated"},
            "when": {"fact": "voluntary", "op": "is_true"},
            "check": "service",
        },
    ],
}


def qualife():
    return Rule.from_dict(QUALIFE)


# ------------------------------------------------------------------------ outcomes


def test_eligible_when_every_criterion_checked_by_the_tool_holds():
    result = evaluate(qualife(), {"age": 52, "residence": "GE"}, TODAY)
    assert result.outcome == ELIGIBLE
    assert result.eligible
    statuses = {reason.criterion: reason.status for reason in result.reasons}
    assert statuses == {"age": PASSED, "geneva": PASSED, "motivation": TO_CONFIRM}


def test_refused_when_one_criterion_fails_even_if_others_are_unknown():
    result = evaluate(qualife(), {"age": 49}, TODAY)
    assert result.outcome == REFUSED
    assert [r.criterion for r in result.by_status(FAILED)] == ["age"]
    assert [r.criterion for r in result.by_status(UNKNOWN)] == ["geneva"]


def test_uncertain_when_nothing_fails_but_something_is_unknown():
    result = evaluate(qualife(), {"age": 52}, TODAY)
    assert result.outcome == UNCERTAIN
    assert [r.criterion for r in result.by_status(UNKNOWN)] == ["geneva"]


def test_already_comes_before_everything_else():
    facts = {"age": 30, "residence": "FR", "followed_by_qualife": True}
    result = evaluate(qualife(), facts, TODAY)
    assert result.outcome == ALREADY
    assert len(result.reasons) == 3  # the reasons are still given
    assert evaluate(qualife(), {**facts, "followed_by_qualife": None}, TODAY).outcome == REFUSED


def test_a_criterion_for_the_service_never_refuses():
    result = evaluate(qualife(), {"age": 52, "residence": "GE", "voluntary": False}, TODAY)
    assert result.outcome == ELIGIBLE
    assert result.by_status(TO_CONFIRM)[0].criterion == "motivation"


def test_a_rule_without_criteria_is_open_to_anyone():
    rule = Rule.from_dict({"id": "bis"})
    assert evaluate(rule, {}, TODAY).outcome == ELIGIBLE
    assert evaluate(rule, {}, TODAY).reasons == ()


def test_reasons_speak_the_persons_language():
    result = evaluate(qualife(), {"age": 49, "residence": "GE"}, TODAY)
    age, geneva, motivation = result.reasons
    assert age.text("en") == "Be aged 50 to 64"
    assert age.text("fr") == "Avoir entre 50 et 64 ans"
    assert geneva.text("en") == "Habiter à Genève"  # no English label: the French one
    assert result.to_dict("en") == {
        "rule": "qualife-50-64",
        "outcome": REFUSED,
        "reasons": [
            {"criterion": "age", "status": FAILED, "text": "Be aged 50 to 64"},
            {"criterion": "geneva", "status": PASSED, "text": "Habiter à Genève"},
            {"criterion": "motivation", "status": TO_CONFIRM, "text": "Be motivated"},
        ],
    }


def test_a_criterion_without_a_label_is_read_from_its_condition():
    rule = Rule.from_dict(
        {"id": "r", "criteria": [{"id": "age", "when": {"fact": "age", "op": "ge", "value": 25}}]}
    )
    [reason] = evaluate(rule, {}, TODAY).reasons
    assert reason.text("fr") == "âge : 25 ans au moins"
    assert reason.text("en") == "age: 25 years at least"


def test_facts_used_and_the_facts_worth_asking():
    rule = qualife()
    assert rule.facts_used() == {"age", "residence", "voluntary", "followed_by_qualife"}
    assert rule.tool_facts() == {"age", "residence", "followed_by_qualife"}


# ---------------------------------------------------------------------- text()


@pytest.mark.parametrize(
    ("label", "language", "expected"),
    [
        (None, "fr", ""),
        ("Bonjour", "en", "Bonjour"),
        ({"fr": "Bonjour", "en": "Hello"}, "en", "Hello"),
        ({"fr": "Bonjour", "en": "Hello"}, "en-GB", "Hello"),
        ({"fr": "Bonjour", "en": "Hello"}, "de", "Bonjour"),
        ({"fr": "Bonjour", "en": ""}, "en", "Bonjour"),
        ({"de": "Hallo"}, "en", "Hallo"),
        ({}, "fr", ""),
    ],
)
def test_text_falls_back_to_french_then_any_language(label, language, expected):
    assert text(label, language) == expected


# ------------------------------------------------------------- loading errors


def _with(**changes):
    data = json.loads(json.dumps(QUALIFE))
    data.update(changes)
    return data


def _criterion(**changes):
    return _with(criteria=[{**QUALIFE["criteria"][0], **changes}])


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("qualife", "A rule must be a mapping"),
        ({"name": "x"}, "A rule needs an 'id'"),
        (_with(criteria={"id": "age"}), "qualife-50-64: 'criteria' must be a list"),
        (_with(criteria=["age"]), "qualife-50-64: each criterion needs a 'when' condition"),
        (_criterion(when=None), "A condition must be a mapping"),
        (_criterion(check="human"), "'check' is 'tool' or 'service', not 'human'"),
        (_criterion(id=""), "qualife-50-64: each criterion needs an 'id'"),
        (_criterion(when={"fact": "age", "op": "near"}), "Unknown operator 'near'"),
        (
            _with(criteria=[QUALIFE["criteria"][0], QUALIFE["criteria"][0]]),
            "qualife-50-64: two criteria have the same id",
        ),
        (_with(version="two"), "qualife-50-64: 'version' must be a number"),
        (_with(valid_from="1 janvier 2024"), "valid_from: '1 janvier 2024' is not a date"),
        (_with(valid_until="2024-02-30"), "valid_until: '2024-02-30' is not a date"),
        (
            _with(valid_from="2025-01-01", valid_until="2024-12-31"),
            "qualife-50-64: valid_until is before valid_from",
        ),
        (_with(already={"fact": "x"}), "needs 'fact' and 'op'"),
    ],
)
def test_a_malformed_rule_is_refused_with_a_clear_message(data, message):
    with pytest.raises(EligibilityInputError) as error:
        Rule.from_dict(data)
    assert message in str(error.value)


def test_short_forms_and_defaults():
    rule = Rule.from_dict(
        {
            "id": "r",
            "name": "Une règle",
            "version": "3",
            "criteria": [{"id": "a", "label": "Un critère", "when": {"fact": "a", "op": "known"}}],
        }
    )
    assert rule.name == {"fr": "Une règle"}
    assert rule.version == 3
    assert rule.criteria[0].label == {"fr": "Un critère"}
    assert rule.criteria[0].check == "tool"
    assert (rule.valid_from, rule.valid_until, rule.already) == (None, None, None)


CRITERIA = st.lists(
    st.fixed_dictionaries(
        {
            "label": st.fixed_dictionaries({"fr": st.text(max_size=20)}),
            "when": st.sampled_from(
                [
                    {"fact": "age", "op": "between", "value": [18, 35]},
                    {"fact": "residence", "op": "in", "value": ["GE", "FR"]},
                    {"not": {"fact": "unemployed", "op": "is_true"}},
                ]
            ),
            "check": st.sampled_from(["tool", "service"]),
        }
    ),
    max_size=4,
)


@settings(max_examples=100, deadline=None)
@given(
    criteria=CRITERIA,
    version=st.integers(1, 9),
    valid_from=st.one_of(st.none(), st.dates(dt.date(2020, 1, 1), dt.date(2022, 1, 1))),
    valid_until=st.one_of(st.none(), st.dates(dt.date(2023, 1, 1), dt.date(2030, 1, 1))),
)
def test_a_rule_reads_back_what_it_writes(criteria, version, valid_from, valid_until):
    data = {
        "id": "r",
        "version": version,
        "criteria": [{"id": f"c{i}", **c} for i, c in enumerate(criteria)],
        "valid_from": valid_from,
        "valid_until": valid_until,
    }
    rule = Rule.from_dict(data)
    assert Rule.from_dict(rule.to_dict()) == rule
    assert Rule.from_dict(yaml.safe_load(yaml.safe_dump(rule.to_dict()))) == rule


# ------------------------------------------------------------ RuleSet: dates, versions


def _version(version, valid_from=None, valid_until=None, age=18):
    return Rule.from_dict(
        {
            "id": "cheque",
            "version": version,
            "valid_from": valid_from,
            "valid_until": valid_until,
            "criteria": [{"id": "age", "when": {"fact": "age", "op": "ge", "value": age}}],
        }
    )


def test_a_rule_is_in_force_between_its_dates_both_included():
    rule = _version(1, "2024-01-01", "2024-12-31")
    assert not rule.in_force(dt.date(2023, 12, 31))
    assert rule.in_force(dt.date(2024, 1, 1))
    assert rule.in_force(dt.date(2024, 12, 31))
    assert not rule.in_force(dt.date(2025, 1, 1))
    assert _version(1).in_force(dt.date(1900, 1, 1))


def test_the_highest_version_in_force_that_day_applies():
    rules = RuleSet(
        [
            _version(1, None, "2024-12-31", age=18),
            _version(2, "2025-01-01", None, age=20),
            _version(3, "2027-01-01", None, age=25),  # not yet in force
            Rule.from_dict({"id": "bis"}),
        ]
    )
    [old] = [r for r in rules.in_force(dt.date(2024, 6, 1)) if r.id == "cheque"]
    assert old.version == 1
    [current] = [r for r in rules.in_force(TODAY) if r.id == "cheque"]
    assert current.version == 2
    assert {r.id for r in rules.in_force(TODAY)} == {"cheque", "bis"}
    assert rules.evaluate({"age": 19}, dt.date(2024, 6, 1))["cheque"].outcome == ELIGIBLE
    assert rules.evaluate({"age": 19}, TODAY)["cheque"].outcome == REFUSED
    assert rules.evaluate({"age": 24}, dt.date(2027, 1, 1))["cheque"].outcome == REFUSED


def test_overlapping_versions_the_higher_wins():
    rules = RuleSet([_version(2, "2024-01-01", age=20), _version(1, age=18)])
    assert [r.version for r in rules.in_force(TODAY)] == [2]
    assert [r.version for r in rules.in_force(dt.date(2023, 1, 1))] == [1]


def test_no_version_in_force_means_no_result():
    rules = RuleSet([_version(1, "2030-01-01")])
    assert rules.evaluate({"age": 40}, TODAY) == {}


def test_the_same_version_twice_is_refused():
    with pytest.raises(EligibilityInputError, match="cheque: version 1 appears twice"):
        RuleSet([_version(1), _version(1, "2025-01-01")])


def test_rules_from_yaml_files(tmp_path):
    first = tmp_path / "a.yaml"
    first.write_text(yaml.safe_dump({"rules": [QUALIFE]}), encoding="utf-8")
    second = tmp_path / "b.yaml"
    second.write_text(yaml.safe_dump([{"id": "bis"}]), encoding="utf-8")
    rules = RuleSet.from_yaml(first, second)
    assert sorted(r.id for r in rules.rules) == ["bis", "qualife-50-64"]


@pytest.mark.parametrize(
    ("content", "message", "names_the_file"),
    [
        (None, "cannot be read", True),
        ("rules: [unclosed", "cannot be read", True),
        ("rules: {id: x}", "expected a list of rules", True),
        ("just a text", "expected a list of rules", True),
        ("rules: [{name: x}]", "A rule needs an 'id'", False),
    ],
)
def test_unreadable_yaml_is_reported_clearly(tmp_path, content, message, names_the_file):
    path = tmp_path / "rules.yaml"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(EligibilityInputError) as error:
        RuleSet.from_yaml(path)
    assert message in str(error.value)
    assert (str(path) in str(error.value)) == names_the_file


# ---------------------------------------------------------- the `evaluate` command line


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "maillage.eligibility", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )


@pytest.fixture
def files(tmp_path):
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        yaml.safe_dump({"rules": [QUALIFE, {"id": "bis", "name": "BIS"}]}), encoding="utf-8"
    )
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps({"age": 52, "residence": "GE"}), encoding="utf-8")
    return rules, facts


def test_evaluate_prints_each_rules_outcome_and_reasons(files):
    rules, facts = files
    done = run("evaluate", rules, "--facts", facts, "--today", "2026-03-02", "--language", "en")
    assert done.returncode == 0, done.stderr
    output = json.loads(done.stdout)
    outcomes = {result["rule"]: result["outcome"] for result in output["results"]}
    assert outcomes == {"qualife-50-64": ELIGIBLE, "bis": ELIGIBLE}
    [qualife_result] = [r for r in output["results"] if r["rule"] == "qualife-50-64"]
    assert qualife_result["reasons"][0] == {
        "criterion": "age",
        "status": PASSED,
        "text": "Be aged 50 to 64",
    }
    assert output["elapsed_s"] >= 0


def test_evaluate_respects_the_day(files, tmp_path):
    rules, facts = files
    dated = tmp_path / "dated.yaml"
    dated.write_text(yaml.safe_dump([{**QUALIFE, "valid_from": "2027-01-01"}]), encoding="utf-8")
    done = run("evaluate", dated, "--facts", facts, "--today", "2026-03-02")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["results"] == []


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda rules, facts, tmp: ["evaluate", tmp / "none.yaml", "--facts", facts],
            "cannot be read",
        ),
        (lambda rules, facts, tmp: ["evaluate", rules, "--facts", tmp / "none.json"], "as JSON"),
        (lambda rules, facts, tmp: ["evaluate", rules, "--facts", rules], "as JSON"),
        (
            lambda rules, facts, tmp: ["evaluate", rules, "--facts", tmp / "list.json"],
            "a JSON object",
        ),
        (
            lambda rules, facts, tmp: ["evaluate", tmp / "bad.yaml", "--facts", facts],
            "Unknown operator",
        ),
        (
            lambda rules, facts, tmp: [
                "evaluate",
                rules,
                "--facts",
                facts,
                "--today",
                "2026-13-01",
            ],
            "is not a date (YYYY-MM-DD)",
        ),
        (lambda rules, facts, tmp: ["evaluate", rules], "--facts"),
        (lambda rules, facts, tmp: ["guess"], "invalid choice"),
        (lambda rules, facts, tmp: [], "required"),
    ],
)
def test_bad_input_exits_2_with_a_message_and_no_traceback(files, tmp_path, make, message):
    rules, facts = files
    (tmp_path / "list.json").write_text("[1, 2]", encoding="utf-8")
    (tmp_path / "bad.yaml").write_text(
        yaml.safe_dump([{"id": "x", "criteria": [{"id": "a", "when": {"fact": "a", "op": "~"}}]}]),
        encoding="utf-8",
    )
    done = run(*make(rules, facts, tmp_path))
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""
