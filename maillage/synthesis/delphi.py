"""Delphi figures for rating questions on a 1–9 scale.

``rating_figures`` summarises one round of answers to one question: median,
quartiles and interquartile range, the share of high (agreement) and low ratings,
and whether the configurable consensus rule holds (by default, as in the RAND/UCLA
appropriateness method: at least 70 % rate 7–9 and fewer than 15 % rate 1–3).
``round_stability`` compares two rounds of the same question: how many people
changed their answer, by how much, and how the spread moved.

Quartiles are computed by linear interpolation between the sorted ratings (the
"inclusive" method of spreadsheets, R's type 7): with ratings 2, 4, 6, 8, Q1 = 3.5,
the median 5 and Q3 = 6.5. Nothing here imports Django.
"""

from dataclasses import dataclass
from numbers import Integral

import numpy as np

from .errors import SynthesisInputError

SCALE = (1, 9)


def _is_rating(value):
    return (
        isinstance(value, Integral)
        and not isinstance(value, bool)
        and SCALE[0] <= int(value) <= SCALE[1]
    )


@dataclass(frozen=True)
class ConsensusRule:
    """Consensus holds when at least ``min_high_share`` of the ratings fall in the
    ``high`` band and strictly less than ``max_low_share`` in the ``low`` band.

    The default, "≥ 70 % rate 7–9 and < 15 % rate 1–3", is a common Delphi rule.
    Bands are inclusive (low, high) pairs on the 1–9 scale.
    """

    min_high_share: float = 0.70
    high: tuple[int, int] = (7, 9)
    max_low_share: float = 0.15
    low: tuple[int, int] = (1, 3)

    def __post_init__(self):
        for name in ("min_high_share", "max_low_share"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
                raise SynthesisInputError(f"{name} must be a share between 0 and 1, not {value!r}.")
        for name in ("high", "low"):
            band = getattr(self, name)
            if (
                not isinstance(band, tuple | list)
                or len(band) != 2
                or not all(_is_rating(b) for b in band)
                or band[0] > band[1]
            ):
                raise SynthesisInputError(
                    f"{name} must be a band (from, to) of ratings between {SCALE[0]} and "
                    f"{SCALE[1]}, from ≤ to; got {band!r}."
                )

    def describe(self) -> str:
        return (
            f"≥ {self.min_high_share:.0%} rate {self.high[0]}–{self.high[1]} and "
            f"< {self.max_low_share:.0%} rate {self.low[0]}–{self.low[1]}"
        )


DEFAULT_RULE = ConsensusRule()


def _check(value, where):
    """The rating as an int, None for no answer; anything else is refused."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not _is_rating(value):
        raise SynthesisInputError(
            f"{where}: {value!r} is not a rating; ratings are whole numbers from "
            f"{SCALE[0]} to {SCALE[1]} (or None for no answer)."
        )
    return int(value)


def _quartiles(values):
    q1, median, q3 = np.percentile(np.asarray(values, dtype=float), [25, 50, 75])
    return float(q1), float(median), float(q3)


def rating_figures(ratings, rule: ConsensusRule = DEFAULT_RULE) -> dict:
    """Figures of one round of ratings (1–9; None for no answer).

    Returns ``{"n", "missing", "median", "q1", "q3", "iqr", "share_high", "share_low",
    "consensus", "rule"}``: ``n`` answers (``missing`` None), the median and quartiles
    (None when nobody answered), the shares of the answers in the rule's high band
    (the share of agreement) and low band, and ``consensus``: whether
    ``rule`` holds (by default ≥ 70 % rate 7–9 and < 15 % rate 1–3; never with no
    answer). A rating outside 1–9, or not a whole number, raises SynthesisInputError.
    """
    if not isinstance(rule, ConsensusRule):
        raise SynthesisInputError("rule must be a ConsensusRule.")
    if isinstance(ratings, str | bytes) or not hasattr(ratings, "__iter__"):
        raise SynthesisInputError("ratings must be a list of ratings (1–9, or None).")
    checked = [_check(value, f"rating {i + 1}") for i, value in enumerate(ratings)]
    answers = [value for value in checked if value is not None]
    n = len(answers)
    figures = {
        "n": n,
        "missing": len(checked) - n,
        "median": None,
        "q1": None,
        "q3": None,
        "iqr": None,
        "share_high": 0.0,
        "share_low": 0.0,
        "consensus": False,
        "rule": rule.describe(),
    }
    if not n:
        return figures
    q1, median, q3 = _quartiles(answers)
    values = np.asarray(answers)
    share_high = float(((values >= rule.high[0]) & (values <= rule.high[1])).mean())
    share_low = float(((values >= rule.low[0]) & (values <= rule.low[1])).mean())
    figures.update(
        median=median,
        q1=q1,
        q3=q3,
        iqr=q3 - q1,
        share_high=share_high,
        share_low=share_low,
        consensus=share_high >= rule.min_high_share and share_low < rule.max_low_share,
    )
    return figures


def round_stability(first: dict, second: dict) -> dict:
    """How the answers to one question moved between two rounds.

    ``first`` and ``second`` map each participant to their rating (1–9, or None for
    no answer). Only participants who answered both rounds are compared. Returns
    ``{"n", "changed", "share_changed", "mean_abs_change", "iqr_first", "iqr_second",
    "iqr_change"}``: ``changed`` of the ``n`` participants gave a different rating,
    ``mean_abs_change`` is the mean distance between their two ratings (0 for those
    who kept theirs), and the interquartile ranges are those of these same
    participants in each round, so that ``iqr_change`` (second − first; negative when
    the answers drew closer) is not blurred by people joining or leaving. With
    nobody in both rounds, ``n`` is 0 and the other figures are None.
    """
    for name, answers in (("first", first), ("second", second)):
        if not isinstance(answers, dict):
            raise SynthesisInputError(f"{name} must map each participant to a rating.")
    before = {p: _check(v, f"first round, participant {p!r}") for p, v in first.items()}
    after = {p: _check(v, f"second round, participant {p!r}") for p, v in second.items()}
    both = [p for p in before if before[p] is not None and after.get(p) is not None]
    if not both:
        return {
            "n": 0,
            "changed": None,
            "share_changed": None,
            "mean_abs_change": None,
            "iqr_first": None,
            "iqr_second": None,
            "iqr_change": None,
        }
    a = np.array([before[p] for p in both])
    b = np.array([after[p] for p in both])
    q1_a, _, q3_a = _quartiles(a)
    q1_b, _, q3_b = _quartiles(b)
    changed = int((a != b).sum())
    return {
        "n": len(both),
        "changed": changed,
        "share_changed": changed / len(both),
        "mean_abs_change": float(np.abs(a - b).mean()),
        "iqr_first": q3_a - q1_a,
        "iqr_second": q3_b - q1_b,
        "iqr_change": (q3_b - q1_b) - (q3_a - q1_a),
    }
