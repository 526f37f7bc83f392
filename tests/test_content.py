"""Texts written in Markdown (maillage.core.content): the same few tags survive whatever
is written, every Markdown field of a form takes at most MAX_LENGTH characters, and the
texts written to be slow render at that length, with work that grows in proportion to
their length.

The review found that Python-Markdown took 24 s to save a project's content of 10,000
``[`` (its time grew with the square of the length) and crashed on deeply nested lists.
The work is counted in lines of Python run, not in seconds, so the test holds on a busy
machine; the time at the limit is measured by ``make bench`` (bench/bench_content.py).
"""

import sys

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from maillage.core.content import MAX_LENGTH, MarkdownField, render
from maillage.events.forms_manage import EventForm, ProgrammeForm, ReportForm
from maillage.projects.forms import ProjectForm


def at_the_limit(unit):
    """``unit`` repeated to exactly MAX_LENGTH characters."""
    return (unit * (MAX_LENGTH // len(unit) + 1))[:MAX_LENGTH]


# Inputs that make Markdown parsers slow: openers that never close (each one makes the
# parser look ahead for its closer), links and images nested in each other, emphasis
# delimiters mixed so that none pairs up, code spans of growing backtick runs, HTML and
# entity starts, and structures nested as deep as the text allows.
WORST = {
    "brackets": at_the_limit("["),
    "image openers": at_the_limit("!["),
    "emphasis and bracket": at_the_limit("*["),
    "bracket and emphasis": at_the_limit("[*"),
    "links in images": at_the_limit("[!["),
    "images in links": at_the_limit("![["),
    "unfinished links": at_the_limit("[a]("),
    "empty links": at_the_limit("[]("),
    "links with parentheses": at_the_limit("[](("),
    "link ends on lines": at_the_limit("]([\n"),
    "mixed delimiters": at_the_limit("**_* "),
    "stars and underscores": at_the_limit("*_"),
    "backtick runs": at_the_limit("\\``"),
    "backticks": at_the_limit("`a"),
    "html starts": at_the_limit("<a "),
    "comments": at_the_limit("<!--"),
    "cdata": at_the_limit("<![CDATA["),
    "entities": at_the_limit("&#"),
    "everything": at_the_limit("[*_`<"),
    "nested lists": at_the_limit("- "),
    "nested quotes": at_the_limit("> "),
    "quotes and lists": at_the_limit("> - "),
    "indented list": at_the_limit("".join(" " * (2 * depth) + "- a\n" for depth in range(200))),
    "reference definitions": at_the_limit("[a]: <"),
}


def lines_run(function, *args):
    """How many lines of Python ``function(*args)`` runs: its work, whatever the machine."""
    count = 0

    def trace(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return trace

    sys.settrace(trace)
    try:
        function(*args)
    finally:
        sys.settrace(None)
    return count


@pytest.mark.parametrize("text", WORST.values(), ids=WORST.keys())
def test_the_slowest_texts_render_at_the_limit_with_work_in_proportion(text):
    assert len(text) == MAX_LENGTH
    assert "<script" not in render(text)
    # Twice the text, about twice the work (a parser whose work grows with the square of
    # the length does four times as much).
    quarter, half = text[: MAX_LENGTH // 8], text[: MAX_LENGTH // 4]
    assert lines_run(render, half) <= 2.6 * lines_run(render, quarter)


def test_only_the_first_max_length_characters_are_rendered():
    # An older text stored before the limit existed cannot hold up a save.
    html = render("a" * (MAX_LENGTH - 2) + "**gras** et la suite")
    assert "<strong>" not in html and "suite" not in html


def test_only_a_few_tags_survive_and_raw_html_is_text():
    html = render(
        "### Titre\n\nDu **gras**, de l'*italique* et [un site](https://example.org).\n\n"
        "- un\n- deux\n\n> cité\n\n"
        "<script>alert(1)</script> <iframe src=https://x.example></iframe> "
        "[piège](javascript:alert(1)) <b onclick=alert(1)>b</b> ![image](https://x.example/i.png)"
    )
    assert "<h3>Titre</h3>" in html
    assert "<strong>gras</strong>" in html and "<em>italique</em>" in html
    assert '<a href="https://example.org" rel="noopener noreferrer">un site</a>' in html
    assert "<ul>" in html and "<li>un</li>" in html and "<blockquote>" in html
    for tag in ("<script", "<iframe", "<b ", "<img", 'href="javascript'):
        assert tag not in html, tag
    # Raw HTML is shown as what it is: text.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert render("") == "" and render(None) == ""


@pytest.mark.parametrize(
    "form, name",
    [
        (ProjectForm, "content"),
        (EventForm, "description"),
        (ReportForm, "report"),
        (ProgrammeForm, "description"),
    ],
)
def test_every_markdown_field_of_a_form_has_the_limit(form, name):
    field = form.base_fields[name]
    assert isinstance(field, MarkdownField)
    # No maxlength: the browser would cut a pasted text without a word.
    assert "maxlength" not in field.widget.attrs


def test_the_field_refuses_one_character_too_many_and_says_how_many():
    field = MarkdownField(required=False)
    assert field.clean("a" * MAX_LENGTH) == "a" * MAX_LENGTH
    with translation.override("en"):
        with pytest.raises(ValidationError) as refusal:
            field.clean("a" * (MAX_LENGTH + 1))
        assert refusal.value.messages == [
            "This text is too long: 20,001 characters, 20,000 at most. Shorten it, or put "
            "the rest in a document and link to it."
        ]
    # A line break is one character, as people count it (browsers send two).
    text = "a\r\n" * (MAX_LENGTH // 2 - 1) + "a"
    assert field.clean(text) == "a\n" * (MAX_LENGTH // 2 - 1) + "a"
