"""Texts people write in Markdown (a project's content, a programme's and an event's
description, an event's report), turned into HTML once, then sanitised.

CommonMark, parsed by markdown-it-py, whose time grows linearly with the text even on
input written to be slow (runs of ``[``, ``*``, backticks, ``<``, deep nesting):
rendering a text of MAX_LENGTH characters takes a fraction of a second whatever it
holds (tests/test_content.py). The forms refuse longer texts (``MarkdownField``)
and ``render`` never reads past MAX_LENGTH, so that an older, longer text stored
before the limit cannot hold up a save either.

Raw HTML written in the text is shown as text, never as markup. Only a few tags
survive (paragraphs, emphasis, lists, links, small headings, quotes, line breaks);
nh3 removes everything else and keeps only http, https and mailto links, which get
rel="noopener noreferrer".
"""

import nh3
from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from markdown_it import MarkdownIt

# The longest text a Markdown field takes: about 3,000 words, six printed pages, well
# beyond a project's sheet, an event's description or its report.
MAX_LENGTH = 20_000

# How many words of a project's content the board shows.
SUMMARY_WORDS = 30

TAGS = {"p", "strong", "em", "ul", "ol", "li", "a", "h3", "h4", "blockquote", "br"}
ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}

# CommonMark without raw HTML. The parser keeps no state between calls: one for all.
_PARSER = MarkdownIt("commonmark", {"html": False})


def render(text):
    """Safe HTML for ``text`` written in Markdown (empty text gives an empty string).
    Only the first MAX_LENGTH characters are read."""
    if not text:
        return mark_safe("")
    html = _PARSER.render(text[:MAX_LENGTH])
    clean = nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean.strip())  # noqa: S308 - sanitised by nh3 just above


# Django's Truncator takes a no-break space for a word break and writes a plain
# space in its place: the French "mois&nbsp;:" is kept whole while it truncates.
_KEPT_SPACE = "\ue000"


def summarise(html):
    """The first SUMMARY_WORDS words of sanitised ``html``, its tags closed."""
    kept = str(html).replace("&nbsp;", _KEPT_SPACE).replace("\u00a0", _KEPT_SPACE)
    short = Truncator(kept).words(SUMMARY_WORDS, html=True).replace(_KEPT_SPACE, "&nbsp;")
    return mark_safe(short)  # noqa: S308 - from render()


class MarkdownField(forms.CharField):
    """A form's Markdown text: at most MAX_LENGTH characters, refused with a message
    that says how long the text is (a line break counts as one character, as people
    count it). No ``maxlength`` on the text area: a browser would cut a pasted text
    silently, where the refusal keeps all of it for the person to shorten."""

    default_error_messages = {
        "too_long": _(
            "This text is too long: %(length)s characters, %(limit)s at most. Shorten it, "
            "or put the rest in a document and link to it."
        ),
    }

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n")

    def validate(self, value):
        super().validate(value)
        if len(value) > MAX_LENGTH:
            raise ValidationError(
                self.error_messages["too_long"],
                code="too_long",
                params={
                    "limit": number_format(MAX_LENGTH, force_grouping=True),
                    "length": number_format(len(value), force_grouping=True),
                },
            )
