"""Money to the cent, for the statements (pricing.py) and the economic model
(economics.py, which imports no Django: neither does this module)."""

import math
from decimal import Decimal
from fractions import Fraction

CENT = Decimal("0.01")


def cents(value):
    """``value`` (a Decimal, int or Fraction) rounded half up (away from zero) to the cent."""
    exact = Fraction(value) * 100
    whole = math.floor(abs(exact) + Fraction(1, 2))
    return (Decimal(whole if exact >= 0 else -whole) / 100).quantize(CENT)
