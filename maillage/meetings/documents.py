"""The minutes (compte-rendu) as documents: Word (DOCX), OpenDocument (ODT) and PDF.

All three are written by maillage.documents from one document,
``minutes_document``, built from the content dictionary of
``minutes.build_content`` (or an approved version's frozen copy of it), so that
they say the same in the same order: the header table (date and place,
participants by organisation, excused, purpose, objectives, format), the table of
agenda items, the actions, announcements, next steps, next meeting, annexes and
the workshop's synthesis. Headings and labels are in the current language; the
content keeps the labels (statuses, dates) of the language it was built in.
"""

from django.utils.text import slugify
from django.utils.translation import gettext as _

from maillage.documents import (
    Bullets,
    Document,
    Heading,
    Paragraph,
    Run,
    Table,
    Together,
    render_docx,
    render_odt,
    render_pdf,
)

# --------------------------------------------------------------------- the paragraphs


def para(text, style="body", bold=False):
    return Paragraph.of(text, style, bold=bold)


def labelled(label, text, style="body"):
    """'Label: text' with the label in bold."""
    return Paragraph(
        [Run(_("%(label)s:") % {"label": label} + " ", bold=True), Run(str(text))], style
    )


def paras(text, style="body"):
    """A text typed by people, one paragraph per line."""
    return [para(line.strip(), style) for line in str(text or "").splitlines() if line.strip()]


def _decision_para(decision):
    return Paragraph(
        [
            Run(_("Decision (%(status)s):") % {"status": decision["status_label"]} + " ", True),
            Run(decision["text"]),
        ]
    )


# ------------------------------------------------------------------------- the tables


def _where(content):
    cell = [para(content["when"], bold=True)]
    place = ", ".join(part for part in (content["place"], content["room"]) if part)
    if place:
        cell.append(para(place))
    cell.extend(paras(content["address"]))
    if content["access"]:
        cell.append(labelled(_("Access"), content["access"], "small"))
    if content["online_url"]:
        cell.append(labelled(_("Online"), content["online_url"], "small"))
    return cell


def _header_rows(content):
    rows = [(_("Date and place"), _where(content))]
    if content["participants"]:
        people = [labelled(g["organisation"], g["names"]) for g in content["participants"]]
    elif content["attendance_recorded"]:
        people = [para(_("No one was recorded as present."))]
    else:
        people = [para(_("Attendance has not been recorded yet."))]
    rows.append((_("Participants"), people))
    if content["excused"]:
        rows.append((_("Excused"), [para(", ".join(p["text"] for p in content["excused"]))]))
    if content["absent"]:
        rows.append((_("Absent"), [para(", ".join(p["text"] for p in content["absent"]))]))
    roles = []
    if content["facilitators"]:
        roles.append(labelled(_("Facilitation"), ", ".join(content["facilitators"])))
    if content["secretary"]:
        roles.append(labelled(_("Minutes taken by"), content["secretary"]))
    if roles:
        rows.append((_("Facilitation and minutes"), roles))
    if content["purpose"]:
        rows.append((_("Purpose of the meeting"), paras(content["purpose"])))
    if content["objectives"]:
        rows.append((_("Objectives"), [Bullets(list(content["objectives"]))]))
    if content["format"]:
        rows.append((_("Format"), paras(content["format"])))
    return [[[para(label, bold=True)], cell] for label, cell in rows]


def _item_rows(content):
    rows = []
    for item in content["items"]:
        first = [para(f"{item['number']}. {item['title']}", bold=True)]
        if item["theme"]:
            first.append(para(item["theme"], "small"))
        if item["time_slot"]:
            first.append(para(item["time_slot"], "small"))
        said = paras(item["notes"] or item["description"])
        said.extend(_decision_para(d) for d in item["decisions"])
        rows.append([first, [para(item["put_forward_by"])] if item["put_forward_by"] else [], said])
    return rows


def _action_rows(content):
    rows = []
    for action in content["actions"]:
        what = [para(action["title"])]
        if action["decision"]:
            what.append(labelled(_("Decision"), action["decision"], "small"))
        rows.append(
            [
                what,
                [para(action["owner"] or "–")],
                [para(action["due_date"] or "–")],
                [para(action["status_label"])],
            ]
        )
    return rows


# ------------------------------------------------------------------------ the document


def _blocks(content):
    yield Table(
        header=[],
        rows=_header_rows(content),
        widths=[24, 76],
        caption=_("The meeting"),
        label_column=True,
    )
    yield Heading(1, _("Agenda"))
    if content["items"]:
        yield Table(
            header=[_("Item"), _("Put forward by"), _("Descriptions / solutions / decisions")],
            rows=_item_rows(content),
            widths=[27, 17, 56],
            caption=_("Agenda items, what was said and decided"),
        )
    else:
        yield para(_("No agenda item."))
    if content["other_decisions"]:
        yield Heading(2, _("Other decisions"))
        yield from (_decision_para(d) for d in content["other_decisions"])

    yield Heading(1, _("Actions"))
    if content["actions"]:
        yield Table(
            header=[_("What"), _("Who"), _("By when"), _("Status")],
            rows=_action_rows(content),
            widths=[50, 20, 14, 16],
            caption=_("Actions: what, who, by when"),
        )
    else:
        yield para(_("No action."))

    if content["announcements"]:
        yield Heading(1, _("Announcements"))
        for announcement in content["announcements"]:
            head = [Run(announcement["title"], bold=True)]
            if announcement["date"]:
                head.append(Run(f" – {announcement['date']}"))
            blocks = [Paragraph(head), *paras(announcement["body"])]
            if announcement["link"]:
                blocks.append(para(announcement["link"], "small"))
            if announcement["shared_by"]:
                blocks.append(
                    para(_("Shared by %(name)s") % {"name": announcement["shared_by"]}, "small")
                )
            # A short announcement is not cut by a page break.
            if len(blocks) <= 6:
                yield Together(blocks)
            else:
                yield from blocks

    if content["next_steps"]:
        yield Heading(1, _("Next steps"))
        yield from paras(content["next_steps"])

    following = content["next_meeting"]
    if following:
        yield Heading(1, _("Next meeting"))
        blocks = [para(following["title"], bold=True), para(following["date"])]
        if following["place"]:
            blocks.append(para(following["place"]))
        if following.get("online_url"):
            blocks.append(labelled(_("Online"), following["online_url"], "small"))
        yield Together(blocks)

    if content["annexes"]:
        yield Heading(1, _("Annexes"))
        yield Bullets(
            [" – ".join(p for p in (a["title"], a["link"]) if p) for a in content["annexes"]]
        )

    consultation = content["consultation"]
    if consultation:
        yield Heading(1, _("Workshop synthesis"))
        yield para(consultation["title"], bold=True)
        if not consultation.get("published", True):
            yield para(_("The workshop's synthesis is not published yet."))
        elif not consultation["themes"]:
            yield para(_("No theme yet."))
        for theme in consultation["themes"]:
            yield Heading(2, theme["title"])
            if theme["group"]:
                yield para(theme["group"], "small")
            if theme["statement"]:
                yield from paras(theme["statement"], "quote")


def minutes_document(content):
    """The minutes as a document (maillage.documents), whatever the format."""
    notice = ""
    if content["cancelled"]:
        notice = _("This meeting was cancelled.")
        if content["cancel_reason"]:
            notice += " " + content["cancel_reason"]
    return Document(
        title=_("Minutes"),
        subtitle=content["collective"],
        topic=content["title"],
        meta=" · ".join(p for p in (content["kind_label"], content["minutes"]["label"]) if p),
        notice=notice,
        name=f"{_('Minutes')} – {content['title']}",
        author=content["collective"],
        subject=content["title"],
        footer=footer_text(content),
        blocks=list(_blocks(content)),
    )


def footer_text(content):
    return " · ".join(
        p for p in (_("Minutes"), content["collective"], content["minutes"]["label"]) if p
    )


def filename(content, ext):
    """compte-rendu-2026-03-02-seance-pleniere.pdf (in French), with -v2 once approved."""
    day = (content.get("starts_at") or "")[:10]
    stem = "-".join(
        part
        for part in (slugify(_("Minutes")), day, slugify(content.get("title") or "")[:50])
        if part
    ).strip("-")
    if content.get("minutes", {}).get("approved"):
        stem += f"-v{content['minutes']['number']}"
    return f"{stem or 'minutes'}.{ext}"


def minutes_docx(content) -> bytes:
    """The minutes as a Word document: real headings, tables and paragraphs."""
    return render_docx(minutes_document(content))


def minutes_odt(content) -> bytes:
    """The minutes as an editable OpenDocument text."""
    return render_odt(minutes_document(content))


def minutes_pdf(content) -> bytes:
    """The minutes as a PDF (A4), with the meeting's details in a header table and
    the agenda items in a table, as collectives write them."""
    return render_pdf(minutes_document(content))
