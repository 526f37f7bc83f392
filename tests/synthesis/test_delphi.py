"""Delphi figures for 1–9 ratings (maillage.synthesis.delphi), checked by hand."""

import pytest

from maillage.synthesis.delphi import ConsensusRule, rating_figures, round_stability
from maillage.synthesis.errors import SynthesisInputError


def test_median_and_quartiles_by_linear_interpolation():
    figures = rating_figures([8, 2, 6, 4])  # sorted: 2 4 6 8
    assert (figures["q1"], figures["median"], figures["q3"]) == (3.5, 5.0, 6.5)
    assert figures["iqr"] == 3.0
    assert figures["n"] == 4 and figures["missing"] == 0
    odd = rating_figures([1, 9, 5, 7, 3])  # 1 3 5 7 9
    assert (odd["q1"], odd["median"], odd["q3"], odd["iqr"]) == (3.0, 5.0, 7.0, 4.0)


def test_shares_and_the_default_consensus_rule():
    figures = rating_figures([7, 8, 9, 7, 8, 9, 7, 8, 9, 5, None, None])
    assert figures["n"] == 10 and figures["missing"] == 2
    assert figures["share_high"] == pytest.approx(0.9)
    assert figures["share_low"] == 0.0
    assert figures["median"] == 8.0
    assert figures["consensus"] is True
    assert figures["rule"] == "≥ 70% rate 7–9 and < 15% rate 1–3"


def test_consensus_thresholds_are_inclusive_and_strict_as_stated():
    # 14 of 20 rate 7–9 (exactly 70 %), 2 rate 1–3 (10 %): consensus.
    assert rating_figures([8] * 14 + [2] * 2 + [5] * 4)["consensus"] is True
    # 14 of 20 high but 3 of 20 low (exactly 15 %, not below): no consensus.
    assert rating_figures([8] * 14 + [2] * 3 + [5] * 3)["consensus"] is False
    # 13 of 20 high (65 %): no consensus.
    assert rating_figures([8] * 13 + [5] * 7)["consensus"] is False


def test_the_rule_is_configurable():
    strict = ConsensusRule(min_high_share=0.8, high=(8, 9), max_low_share=0.1, low=(1, 2))
    ratings = [7, 8, 8, 9, 9, 9, 8, 8, 9, 3]
    assert rating_figures(ratings)["consensus"] is True  # 90 % in 7–9, 0 % in 1–3
    figures = rating_figures(ratings, rule=strict)
    assert figures["share_high"] == pytest.approx(0.8)  # 8 of 10 rate 8–9
    assert figures["share_low"] == 0.0  # 3 is outside 1–2
    assert figures["consensus"] is True
    stricter = ConsensusRule(min_high_share=0.85, high=(8, 9))
    assert rating_figures(ratings, rule=stricter)["consensus"] is False
    assert stricter.describe() == "≥ 85% rate 8–9 and < 15% rate 1–3"


def test_no_answer_at_all():
    figures = rating_figures([None, None])
    assert figures["n"] == 0 and figures["missing"] == 2
    assert figures["median"] is None and figures["iqr"] is None
    assert figures["consensus"] is False
    assert rating_figures([])["n"] == 0


@pytest.mark.parametrize("bad", [0, 10, -3, 7.5, "7", True])
def test_ratings_outside_the_scale_are_refused(bad):
    with pytest.raises(SynthesisInputError, match="1 to 9") as error:
        rating_figures([5, 6, bad])
    assert "rating 3" in str(error.value)


def test_a_whole_float_is_a_rating():
    assert rating_figures([7.0, 8])["median"] == 7.5


@pytest.mark.parametrize(
    "arguments",
    [
        {"min_high_share": 1.5},
        {"max_low_share": -0.1},
        {"high": (9, 7)},
        {"low": (0, 3)},
        {"high": (7,)},
    ],
)
def test_an_impossible_rule_is_refused(arguments):
    with pytest.raises(SynthesisInputError):
        ConsensusRule(**arguments)


def test_stability_between_two_rounds():
    first = {"a": 3, "b": 5, "c": 7, "d": 9, "e": None, "g": 4}
    second = {"a": 5, "b": 5, "c": 7, "d": 8, "f": 2, "g": None}
    # Compared: a, b, c, d (e and g did not answer both rounds, f only the second).
    figures = round_stability(first, second)
    assert figures["n"] == 4
    assert figures["changed"] == 2  # a 3 → 5, d 9 → 8
    assert figures["share_changed"] == 0.5
    assert figures["mean_abs_change"] == pytest.approx((2 + 0 + 0 + 1) / 4)
    assert figures["iqr_first"] == 3.0  # 3 5 7 9: Q1 4.5, Q3 7.5
    assert figures["iqr_second"] == 2.25  # 5 5 7 8: Q1 5, Q3 7.25
    assert figures["iqr_change"] == pytest.approx(-0.75)  # the answers drew closer


def test_stability_with_nobody_in_both_rounds():
    figures = round_stability({"a": 3}, {"b": 4})
    assert figures["n"] == 0 and figures["share_changed"] is None


def test_stability_refuses_bad_ratings():
    with pytest.raises(SynthesisInputError, match="second round, participant 'b'"):
        round_stability({"a": 3, "b": 4}, {"a": 3, "b": 12})
    with pytest.raises(SynthesisInputError, match="map each participant"):
        round_stability([3, 4], {"a": 3})
