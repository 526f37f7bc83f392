"""maillage.eligibility.conditions: three-valued (Kleene) logic over a person's facts,
every operator, unknown facts and facts of the wrong type, malformed conditions with a
clear message; and facts.describe(), a condition in plain French and English."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maillage.eligibility import EligibilityInputError
from maillage.eligibility.conditions import check, evaluate, facts_used, lookup
from maillage.eligibility.facts import describe, vocabulary

TODAY = dt.date(2026, 3, 2)

# ------------------------------------------------------------------ Kleene's logic
# The reference: the three truth values ordered False < unknown < True; "all" is the
# least of its parts, "any" the greatest, "not" swaps True and False and keeps unknown.
RANK = {False: 0, None: 1, True: 2}
VALUE = {0: False, 1: None, 2: True}


def kleene(tree, facts):
    kind = tree[0]
    if kind == "fact":
        return facts.get(tree[1])
    if kind == "not":
        return VALUE[2 - RANK[kleene(tree[1], facts)]]
    ranks = [RANK[kleene(part, facts)] for part in tree[1]]
    return VALUE[min(ranks) if kind == "all" else max(ranks)]


def condition(tree):
    """The tree as a condition the package reads; a leaf is ``{fact, op: is_true}``."""
    kind = tree[0]
    if kind == "fact":
        return {"fact": tree[1], "op": "is_true"}
    if kind == "not":
        return {"not": condition(tree[1])}
    return {kind: [condition(part) for part in tree[1]]}


NAMES = ["a", "b", "c", "d"]
TREES = st.recursive(
    st.tuples(st.just("fact"), st.sampled_from(NAMES)),
    lambda children: st.one_of(
        st.tuples(st.just("not"), children),
        st.tuples(st.sampled_from(["all", "any"]), st.lists(children, min_size=1, max_size=4)),
    ),
    max_leaves=12,
)
# Each fact true, false or unknown (None, or absent from the facts).
FACTS = st.fixed_dictionaries(
    {}, optional={name: st.sampled_from([True, False, None]) for name in NAMES}
)


@settings(max_examples=500, deadline=None)
@given(tree=TREES, facts=FACTS)
def test_all_any_not_follow_kleenes_truth_table(tree, facts):
    assert evaluate(condition(tree), facts, TODAY) is kleene(tree, facts)


@pytest.mark.parametrize(
    ("a", "b", "all_", "any_"),
    [
        (True, True, True, True),
        (True, None, None, True),
        (True, False, False, True),
        (None, None, None, None),
        (None, False, False, None),
        (False, False, False, False),
    ],
)
def test_the_truth_table_itself(a, b, all_, any_):
    parts = [{"fact": "a", "op": "is_true"}, {"fact": "b", "op": "is_true"}]
    facts = {"a": a, "b": b}
    assert evaluate({"all": parts}, facts, TODAY) is all_
    assert evaluate({"any": parts}, facts, TODAY) is any_
    assert evaluate({"all": list(reversed(parts))}, facts, TODAY) is all_
    assert evaluate({"any": list(reversed(parts))}, facts, TODAY) is any_


def test_not_keeps_unknown_unknown():
    cond = {"not": {"fact": "a", "op": "is_true"}}
    assert evaluate(cond, {"a": True}, TODAY) is False
    assert evaluate(cond, {"a": False}, TODAY) is True
    assert evaluate(cond, {}, TODAY) is None


# ------------------------------------------------------------------- the operators


OPERATOR_CASES = [
    ("eq", "GE", "GE", True),
    ("eq", "FR", "GE", False),
    ("ne", "FR", "GE", True),
    ("ne", "GE", "GE", False),
    ("in", "CH", ["GE", "CH"], True),
    ("in", "FR", ["GE", "CH"], False),
    ("not_in", "FR", ["GE", "CH"], True),
    ("not_in", "GE", ["GE", "CH"], False),
    ("lt", 24, 25, True),
    ("lt", 25, 25, False),
    ("le", 25, 25, True),
    ("le", 26, 25, False),
    ("gt", 26, 25, True),
    ("gt", 25, 25, False),
    ("ge", 25, 25, True),
    ("ge", 24, 25, False),
    ("between", 50, [50, 64], True),
    ("between", 64, [50, 64], True),
    ("between", 49, [50, 64], False),
    ("between", 65, [50, 64], False),
    ("between", 90, [25, None], True),  # no upper bound
    ("between", 24, [25, None], False),
    ("between", 3, [None, 4], True),  # no lower bound
    ("between", 5, [None, 4], False),
    ("is_true", True, None, True),
    ("is_true", False, None, False),
    ("is_true", "yes", None, False),  # only True itself is true
    ("is_false", False, None, True),
    ("is_false", True, None, False),
    ("is_false", 0, None, False),
    ("contains", ["GE", "FR"], "FR", True),
    ("contains", ["GE"], "FR", False),
    ("contains_any", ["GE", "FR"], ["CH", "FR"], True),
    ("contains_any", ["GE"], ["CH", "FR"], False),
    # Whole years since a date, counted to the day.
    ("years_since_ge", "2021-03-02", 5, True),
    ("years_since_ge", "2021-03-03", 5, False),
    ("years_since_ge", dt.date(2021, 3, 2), 5, True),
    ("years_since_ge", dt.datetime(2021, 3, 3, 8, 0), 5, False),
    ("years_since_lt", "2021-03-03", 5, True),
    ("years_since_lt", "2021-03-02", 5, False),
]


@pytest.mark.parametrize(("op", "fact", "value", "expected"), OPERATOR_CASES)
def test_each_operator(op, fact, value, expected):
    cond = {"fact": "x", "op": op}
    if value is not None:
        cond["value"] = value
    check(cond)
    assert evaluate(cond, {"x": fact}, TODAY) is expected


def test_every_operator_is_covered_above():
    from maillage.eligibility.conditions import OPERATORS

    assert {case[0] for case in OPERATOR_CASES} == set(OPERATORS)


def test_known_tells_whether_a_fact_was_given():
    cond = {"fact": "age", "op": "known"}
    check(cond)
    assert evaluate(cond, {"age": 0}, TODAY) is True
    assert evaluate(cond, {"age": False}, TODAY) is True
    assert evaluate(cond, {"age": None}, TODAY) is False
    assert evaluate(cond, {}, TODAY) is False


# ------------------------------------------------------- unknown facts, wrong types


@pytest.mark.parametrize(
    "facts", [{}, {"age": None}, {"other": 30}], ids=["absent", "none", "another"]
)
@pytest.mark.parametrize("op", ["eq", "ne", "lt", "ge", "in", "not_in", "between"])
def test_an_unknown_fact_decides_nothing(facts, op):
    value = [18, 35] if op in ("between", "in", "not_in") else 18
    assert evaluate({"fact": "age", "op": op, "value": value}, facts, TODAY) is None


def test_is_false_of_an_unknown_fact_is_unknown_not_true():
    assert evaluate({"fact": "in_school", "op": "is_false"}, {}, TODAY) is None
    assert evaluate({"not": {"fact": "in_school", "op": "is_true"}}, {}, TODAY) is None


def test_dotted_names_read_nested_facts():
    facts = {"household": {"size": 3, "members": {"child": None}}, "flat": 2}
    assert lookup(facts, "household.size") == 3
    assert lookup(facts, "household.members.child") is None
    assert lookup(facts, "household.missing") is None
    assert lookup(facts, "flat.size") is None  # not a mapping on the way
    cond = {"fact": "household.size", "op": "ge", "value": 3}
    assert evaluate(cond, facts, TODAY) is True
    assert evaluate(cond, {"household": 4}, TODAY) is None


@pytest.mark.parametrize(
    ("op", "fact", "value"),
    [
        ("lt", "vingt", 25),  # a text where a number is expected
        ("ge", [30], 25),
        ("between", "x", [1, 2]),
        ("contains", 12, "GE"),  # a number where a list is expected
        ("contains_any", 12, ["GE"]),
    ],
)
def test_a_fact_of_the_wrong_type_decides_nothing(op, fact, value):
    assert evaluate({"fact": "x", "op": op, "value": value}, {"x": fact}, TODAY) is None


def test_a_fact_of_the_wrong_type_leaves_the_others_to_decide():
    cond = {
        "any": [
            {"fact": "age", "op": "lt", "value": 25},
            {"fact": "in_rupture", "op": "is_true"},
        ]
    }
    assert evaluate(cond, {"age": "jeune", "in_rupture": True}, TODAY) is True
    assert evaluate(cond, {"age": "jeune", "in_rupture": False}, TODAY) is None


def test_a_date_that_is_not_one_is_reported_clearly():
    cond = {"fact": "arrived_on", "op": "years_since_ge", "value": 5}
    with pytest.raises(EligibilityInputError, match=r"'le 3 mars' is not a date \(YYYY-MM-DD\)"):
        evaluate(cond, {"arrived_on": "le 3 mars"}, TODAY)


# ------------------------------------------------------------- malformed conditions


@pytest.mark.parametrize(
    ("cond", "message"),
    [
        ("age < 25", "A condition must be a mapping"),
        (["age"], "A condition must be a mapping"),
        ({"all": []}, "'all' needs a non-empty list of conditions"),
        ({"any": {"fact": "age", "op": "known"}}, "'any' needs a non-empty list"),
        ({"all": [{"fact": "age"}]}, "needs 'fact' and 'op'"),
        ({"not": {"op": "is_true"}}, "needs 'fact' and 'op'"),
        ({"fact": "age", "op": "older_than", "value": 3}, "Unknown operator 'older_than'"),
        ({"fact": "age", "op": "lt"}, "Operator 'lt' needs a 'value'"),
        ({"fact": "age", "op": "between", "value": 18}, "'between' needs [low, high]"),
        ({"fact": "age", "op": "between", "value": [1, 2, 3]}, "'between' needs [low, high]"),
        ({"fact": "residence", "op": "in", "value": "GE"}, "'in' needs a list"),
        ({"fact": "residence", "op": "contains_any", "value": "GE"}, "'contains_any' needs a list"),
    ],
)
def test_malformed_conditions_are_refused_with_a_clear_message(cond, message):
    with pytest.raises(EligibilityInputError) as error:
        check(cond)
    assert message in str(error.value)


def test_facts_used_lists_every_fact_read():
    cond = {
        "all": [
            {"fact": "age", "op": "between", "value": [18, 35]},
            {"any": [{"fact": "residence", "op": "eq", "value": "GE"}]},
            {"not": {"fact": "has_secondary_diploma", "op": "is_true"}},
        ]
    }
    assert facts_used(cond) == {"age", "residence", "has_secondary_diploma"}


# ------------------------------------------------------------ describe(), fr and en


@pytest.mark.parametrize(
    ("cond", "fr", "en"),
    [
        (
            {"fact": "age", "op": "between", "value": [50, 64]},
            "âge de 50 à 64 ans",
            "age from 50 to 64 years",
        ),
        (
            {"fact": "age", "op": "between", "value": [25, None]},
            "âge : 25 ans ou plus",
            "age: 25 years or more",
        ),
        (
            {"fact": "age", "op": "between", "value": [None, 24]},
            "âge : 24 ans ou moins",
            "age: 24 years or less",
        ),
        (
            {"fact": "residence", "op": "eq", "value": "GE"},
            "lieu de vie : Dans le canton de Genève",
            "place of residence: In the canton of Geneva",
        ),
        (
            {"fact": "residence", "op": "in", "value": ["GE", "FR"]},
            "lieu de vie : Dans le canton de Genève ou En France",
            "place of residence: In the canton of Geneva or In France",
        ),
        (
            {"fact": "unemployed", "op": "is_true"},
            "sans emploi : oui",
            "out of work: yes",
        ),
        (
            {"fact": "in_school", "op": "is_false"},
            "à l'école ou en formation : non",
            "at school or in training: no",
        ),
        (
            {"fact": "years_of_work", "op": "ge", "value": 5},
            "années de travail : 5 ans au moins",
            "years of work: 5 years at least",
        ),
        (
            {
                "all": [
                    {"fact": "age", "op": "lt", "value": 25},
                    {"not": {"fact": "has_other_support", "op": "is_true"}},
                ]
            },
            "âge : moins de 25 ans et pas : déjà suivi par un service : oui",
            "age: under 25 years and not: already helped by a service: yes",
        ),
        (
            {
                "any": [
                    {"fact": "voluntary", "op": "is_true"},
                    {"fact": "available_now", "op": "is_true"},
                ]
            },
            "volontaire : oui ou disponible tout de suite : oui",
            "willing to take part: yes or available right away: yes",
        ),
        # A fact outside the vocabulary is named as it is written.
        ({"fact": "household.size", "op": "gt", "value": 2}, "household.size : plus de 2", None),
    ],
)
def test_describe_reads_a_condition_in_french_and_english(cond, fr, en):
    assert describe(cond, "fr") == fr
    if en is not None:
        assert describe(cond, "en") == en
        assert describe(cond, "en-GB") == en
    assert describe(cond, "de") == fr  # a language without words falls back to French


def test_every_fact_of_the_vocabulary_has_its_question_in_french_and_english():
    for fact in vocabulary().values():
        assert fact.label["fr"] and fact.label["en"], fact.id
        assert fact.short["fr"] and fact.short["en"], fact.id
        for option in fact.options:
            assert option["label"]["fr"] and option["label"]["en"], fact.id
