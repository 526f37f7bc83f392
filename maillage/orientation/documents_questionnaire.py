"""The questionnaire's result as a PDF (through the document layer) and as the text of
an e-mail. Made on request from the answers the page carries; never cached, since it
describes one person."""

from django.utils import formats
from django.utils.translation import gettext as _

from maillage.documents import Bullets, Document, Heading, Paragraph, Run, render_pdf

from .result_questionnaire import answers_read, build


def pair(label, value):
    """« label : value » in French, "label: value" in English."""
    return _("%(label)s: %(value)s") % {"label": label, "value": value}


def _groups(result):
    return [
        (_("You may be eligible"), result.likely),
        (_("Maybe: to check with the service"), result.maybe),
        (_("Probably not for you"), result.others),
    ]


def _item_blocks(item):
    blocks = [Heading(3, item.name)]
    if item.provider:
        blocks.append(Paragraph.of(item.provider, "small"))
    if item.already:
        blocks.append(Paragraph.of(_("You already receive it."), italic=True))
    if item.summary:
        blocks.append(Paragraph.of(item.summary))
    if item.why:
        blocks.append(
            Bullets(
                [
                    Paragraph([Run(why.text + " — "), Run(str(why.words), bold=True)])
                    for why in item.why
                ]
            )
        )
    for step in item.steps:
        blocks.append(Paragraph.of(step))
    if item.contact:
        blocks.append(Bullets([pair(label, value) for label, value, _link in item.contact]))
    return blocks


def result_document(flow, language) -> bytes:
    result = build(flow, language)
    blocks = []
    for title, items in _groups(result):
        if not items:
            continue
        blocks.append(Heading(2, title))
        for item in items:
            blocks.extend(_item_blocks(item))
    answers = answers_read(flow, language)
    if answers:
        blocks.append(Heading(2, _("Your answers")))
        blocks.append(Bullets([f"{question} {answer}" for question, answer in answers]))
    blocks.append(
        Paragraph.of(
            _(
                "This result is a guide, not a decision: only the service decides. It was "
                "made from your answers alone."
            ),
            "small",
        )
    )
    document = Document(
        title=_("What you may be eligible for"),
        subtitle=flow.collective.name,
        meta=formats.date_format(flow.today, "DATE_FORMAT"),
        blocks=blocks,
        footer=flow.collective.name,
    )
    return render_pdf(document)


def result_text(flow, language) -> tuple[str, str]:
    """(subject, body) of the e-mail of the result."""
    result = build(flow, language)
    lines = [
        _("Here is the result of the questionnaire you answered on %(day)s.")
        % {"day": formats.date_format(flow.today, "DATE_FORMAT")},
        _("The same result is attached as a PDF."),
        "",
    ]
    for title, items in _groups(result):
        if not items:
            continue
        lines += [title.upper(), ""]
        for item in items:
            lines.append(f"* {item.name}" + (f" ({item.provider})" if item.provider else ""))
            for step in item.steps:
                lines.append(f"  {step}")
            for label, value, _link in item.contact:
                lines.append(f"  {label} : {value}")
            lines.append("")
    lines.append(
        _(
            "This result is a guide, not a decision: only the service decides. "
            "We did not keep your address."
        )
    )
    subject = _("Your result: %(collective)s") % {"collective": flow.collective.name}
    return subject, "\n".join(lines)
