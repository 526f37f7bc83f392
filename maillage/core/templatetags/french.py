"""French typography in templates: ``{% filter elide %}`` around a translated sentence
that puts a name after "de", ``{{ name|de }}``, ``{{ need.amount|amount:need.currency }}``,
``{{ text|truncate_words:30 }}``."""

from django import template

from maillage.core import typography

register = template.Library()


@register.filter(is_safe=True)
def elide(text):
    return typography.elide(text)


@register.filter
def de(name):
    return typography.de(name)


@register.filter
def truncate_words(text, count):
    return typography.truncate_words(text, int(count))


@register.filter
def amount(value, currency=""):
    return "" if value in (None, "") else typography.amount(value, currency)
