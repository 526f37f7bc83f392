"""Hours as people read them on the employer group's pages: 35, 7,5, 7,25."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def hours(value):
    """``value`` (hours: a number, a Decimal) with two decimals at most and no trailing
    zero, in the reader's format."""
    try:
        number = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, TypeError, ValueError):
        return ""
    number = number.normalize()
    places = max(-number.as_tuple().exponent, 0)
    return number_format(number, decimal_pos=places)
