"""Texts people write in Markdown (a project's content, an event's description and
report), turned into HTML once, then sanitised.

Only a few tags survive (paragraphs, emphasis, lists, links, small headings, quotes,
line breaks); everything else, scripts included, is removed or escaped. Links get
rel="noopener noreferrer".
"""

import markdown
import nh3
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

# How many words of a project's content the board shows.
SUMMARY_WORDS = 30

TAGS = {"p", "strong", "em", "ul", "ol", "li", "a", "h3", "h4", "blockquote", "br"}
ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}


def render(text):
    """Safe HTML for ``text`` written in Markdown (empty text gives an empty string)."""
    if not text:
        return mark_safe("")
    html = markdown.markdown(text, output_format="html")
    clean = nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above


def summarise(html):
    """The first SUMMARY_WORDS words of sanitised ``html``, its tags closed."""
    return mark_safe(Truncator(html).words(SUMMARY_WORDS, html=True))  # noqa: S308 - from render()
