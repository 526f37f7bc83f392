"""matching: the compiled rules give exactly what the eligibility package's evaluator
gives, and are rebuilt when an offer changes."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from maillage.eligibility import Rule, evaluate
from maillage.orientation import matching

from .setting_questionnaire import CAP, CHEQUE, QUALIFE, build_catalogue

TODAY = dt.date(2026, 3, 1)
RULES = [
    Rule.from_dict({"id": name, "criteria": criteria})
    for name, criteria in (("cap", CAP), ("qualife", QUALIFE), ("cheque", CHEQUE))
]
RULES.append(
    Rule.from_dict(
        {
            "id": "already",
            "criteria": QUALIFE,
            "already": {"fact": "has_other_support", "op": "is_true"},
        }
    )
)
MAYBE = st.one_of(st.none(), st.booleans())
PROFILES = st.fixed_dictionaries(
    {
        "age": st.one_of(st.none(), st.integers(0, 120)),
        "residence": st.sampled_from([None, "GE", "CH", "FR", "OTHER"]),
        "unemployed": MAYBE,
        "in_school": MAYBE,
        "has_secondary_diploma": MAYBE,
        "available_now": MAYBE,
        "has_other_support": MAYBE,
        "voluntary": MAYBE,
    }
)


@settings(max_examples=300, deadline=None)
@given(PROFILES)
def test_the_compiled_rules_say_what_the_evaluator_says(facts):
    for rule in RULES:
        compiled = matching.Compiled(rule, rule.id)
        assert compiled.evaluate(facts, TODAY) == evaluate(rule, facts, TODAY)


def test_a_changed_offer_is_compiled_again(world):
    matching.forget_compiled_rules()
    offers = build_catalogue(world.collective)
    before = matching.evaluate_catalogue(world.collective, {"age": 30}, TODAY)
    assert before[str(offers["cap"].uuid)].outcome == "refused"
    offers["cap"].criteria = [
        {"id": "age", "when": {"fact": "age", "op": "between", "value": [15, 35]}}
    ]
    offers["cap"].save()
    after = matching.evaluate_catalogue(world.collective, {"age": 30}, TODAY)
    assert after[str(offers["cap"].uuid)].outcome == "eligible"
    assert str(offers["hidden"].uuid) not in after  # unpublished


def test_unreadable_criteria_leave_the_offer_uncertain(world):
    offers = build_catalogue(world.collective)
    offers["cap"].criteria = [{"when": "nonsense"}]
    offers["cap"].save()
    result = matching.evaluate_catalogue(world.collective, {"age": 30}, TODAY)
    assert result[str(offers["cap"].uuid)].outcome == "uncertain"
