"""The figures of vote rounds, and the consultation's report: as a page, a PDF, a
Word document and raw data (CSV).

Nothing here names a participant: votes are only counted, comments are listed
without their authors (in alphabetical order, not in the order they came), notes
are given with their group only. Opinion groups have at least 3 people (the
engine's rule), so their figures never show one person's votes.
"""

import csv
import io
import os
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q, Sum
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from maillage.core.pdf import one_at_a_time
from maillage.synthesis.delphi import DEFAULT_RULE, rating_figures, round_stability

from . import charts
from .models import (
    Analysis,
    Commitment,
    Note,
    Participant,
    Round,
    RoundKind,
    RoundStatus,
    Theme,
    Vote,
)

# Lists of an agree/disagree round: broad agreement (or disagreement) when at least
# 70 % of the votes cast on a statement say so, as in the default Delphi rule; a
# statement divides when at least 30 % agree and 30 % disagree. Passes are votes.
BROAD_SHARE = 0.70
SPLIT_SHARE = 0.30
MIN_VOTES_FOR_LISTS = 3
# A rating round's answers are spread out when the interquartile range is above 2.
SPREAD_IQR = 2
CHOICE_NAMES = {1: "agree", -1: "disagree", 0: "pass"}


def number(value, decimals=1):
    """A figure for people, in the current language (5,5 in French)."""
    if value is None:
        return "–"
    return formats.number_format(value, decimal_pos=decimals)


def rule_text(rule=DEFAULT_RULE):
    return _(
        "Consensus when at least %(high)s of the answers rate %(high_from)s–%(high_to)s "
        "and fewer than %(low)s rate %(low_from)s–%(low_to)s."
    ) % {
        "high": charts.percent(rule.min_high_share),
        "high_from": rule.high[0],
        "high_to": rule.high[1],
        "low": charts.percent(rule.max_low_share),
        "low_from": rule.low[0],
        "low_to": rule.low[1],
    }


def lists_text():
    return _(
        "Broad agreement: at least %(broad)s of the votes cast on the statement agree "
        "(disagreement likewise); divided: at least %(split)s agree and %(split)s "
        "disagree. A pass counts as a vote. Only statements with at least %(min)s votes "
        "are listed."
    ) % {
        "broad": charts.percent(BROAD_SHARE),
        "split": charts.percent(SPLIT_SHARE),
        "min": MIN_VOTES_FOR_LISTS,
    }


def group_label(index):
    return _("Opinion group %(letter)s") % {"letter": chr(ord("A") + int(index))}


# ------------------------------------------------------------------------ round figures


@dataclass
class StatementFigures:
    """The figures of one statement in one round."""

    statement: object
    uid: str
    kind: str
    votes: int = 0
    counts: dict = field(default_factory=dict)  # agree rounds: agree/disagree/pass
    shares: dict = field(default_factory=dict)
    rating: dict | None = None  # rate rounds: delphi.rating_figures
    distribution: list = field(default_factory=list)  # rate rounds: answers per rating
    groups: list = field(default_factory=list)  # figures per opinion group
    informed_consensus: float | None = None
    change: dict | None = None  # since the previous round with this statement
    comments: list = field(default_factory=list)
    answers: dict = field(default_factory=dict, repr=False)  # participant id: answer

    @property
    def is_rating(self):
        return self.kind == RoundKind.RATE

    @property
    def percents(self):
        return {name: charts.percent(share) for name, share in self.shares.items()}

    @property
    def bar(self):
        return charts.shares_bar(self.shares, self.votes, uid=self.uid)

    @property
    def chart(self):
        return charts.distribution(self.distribution, uid=self.uid)

    @property
    def high_percent(self):
        return charts.percent(self.rating["share_high"]) if self.rating else ""

    @property
    def low_percent(self):
        return charts.percent(self.rating["share_low"]) if self.rating else ""

    @property
    def median(self):
        return number(self.rating["median"]) if self.rating else ""

    @property
    def quartiles(self):
        if not self.rating:
            return ""
        return f"{number(self.rating['q1'])} – {number(self.rating['q3'])}"

    @property
    def iqr(self):
        return number(self.rating["iqr"]) if self.rating else ""

    @property
    def informed(self):
        return number(self.informed_consensus, 2) if self.informed_consensus is not None else ""

    @property
    def distribution_rows(self):
        return list(enumerate(self.distribution, start=1))


@dataclass
class RoundResults:
    round: object
    statements: list
    voters: int
    eligible: int
    consensus: list
    rejected: list
    divergent: list
    opinions: dict | None = None

    @property
    def is_rating(self):
        return self.round.kind == RoundKind.RATE

    @property
    def rule(self):
        return rule_text()

    @property
    def lists_rule(self):
        return lists_text()


def eligible_participants(round_):
    """How many participants could answer in this round (those of its groups)."""
    participants = Participant.objects.filter(consultation_id=round_.consultation_id)
    groups = list(round_.groups.values_list("pk", flat=True))
    if groups:
        participants = participants.filter(group_id__in=groups)
    return participants.count()


def round_results(round_, *, with_opinions=True, only=None):
    """Every figure of a vote round: per statement, overall and per opinion group
    (from the latest opinions analysis), the lists of agreement and division, and
    the changes since an earlier round with the same statement. ``only``: these
    statement ids only (then the "missing" answers count only their voters)."""
    statements = round_.statements.select_related("theme").order_by("order", "pk")
    votes = Vote.objects.filter(round=round_)
    if only is not None:
        statements = statements.filter(pk__in=only)
        votes = votes.filter(statement_id__in=only)
    statements = list(statements)
    rows = list(votes.values_list("statement_id", "participant_id", "choice", "rating", "comment"))
    voters = sorted({participant for _, participant, _, _, _ in rows})
    by_statement = defaultdict(list)
    for row in rows:
        by_statement[row[0]].append(row)
    figures = []
    for statement in statements:
        found = by_statement.get(statement.pk, [])
        item = StatementFigures(
            statement=statement, uid=f"r{round_.number}-s{statement.pk}", kind=round_.kind
        )
        item.comments = sorted(comment for *_, comment in found if comment)
        if round_.kind == RoundKind.RATE:
            item.answers = {p: rating for _, p, _, rating, _ in found if rating is not None}
            item.votes = len(item.answers)
            item.rating = rating_figures([item.answers.get(p) for p in voters])
            counted = Counter(item.answers.values())
            item.distribution = [counted.get(rating, 0) for rating in range(1, 10)]
        else:
            item.answers = {p: choice for _, p, choice, _, _ in found if choice is not None}
            item.votes = len(item.answers)
            counted = Counter(CHOICE_NAMES[choice] for choice in item.answers.values())
            item.counts = {name: counted.get(name, 0) for name in ("agree", "disagree", "pass")}
            item.shares = {
                name: (count / item.votes if item.votes else 0.0)
                for name, count in item.counts.items()
            }
        figures.append(item)
    _add_changes(round_, figures)
    results = RoundResults(
        round=round_,
        statements=figures,
        voters=len(voters),
        eligible=eligible_participants(round_),
        **_lists(round_, figures),
    )
    if with_opinions and round_.kind == RoundKind.AGREE:
        results.opinions = _opinions(round_, figures)
    return results


def _lists(round_, figures):
    enough = [f for f in figures if f.votes >= MIN_VOTES_FOR_LISTS]
    if round_.kind == RoundKind.RATE:
        return {
            "consensus": [f for f in enough if f.rating["consensus"]],
            "rejected": [f for f in enough if f.rating["share_low"] >= BROAD_SHARE],
            "divergent": [f for f in enough if (f.rating["iqr"] or 0) > SPREAD_IQR],
        }

    def by(name):
        return sorted(
            (f for f in enough if f.shares[name] >= BROAD_SHARE), key=lambda f: -f.shares[name]
        )

    return {
        "consensus": by("agree"),
        "rejected": by("disagree"),
        "divergent": [
            f
            for f in enough
            if f.shares["agree"] >= SPLIT_SHARE and f.shares["disagree"] >= SPLIT_SHARE
        ],
    }


def _add_changes(round_, figures):
    """For each statement that was in an earlier round of the same kind, how the
    answers of the people who answered both rounds moved."""
    ids = [f.statement.pk for f in figures]
    earlier = {
        r.pk: r
        for r in Round.objects.filter(
            consultation_id=round_.consultation_id, kind=round_.kind, number__lt=round_.number
        )
    }
    if not earlier or not ids:
        return
    links = Round.statements.through.objects.filter(
        round_id__in=earlier, statement_id__in=ids
    ).values_list("round_id", "statement_id")
    previous = {}  # statement id: the latest earlier round with it
    for round_id, statement_id in links:
        current = previous.get(statement_id)
        if current is None or earlier[round_id].number > current.number:
            previous[statement_id] = earlier[round_id]
    if not previous:
        return
    before = defaultdict(dict)
    for round_id, statement_id, participant, choice, rating in Vote.objects.filter(
        round_id__in={r.pk for r in previous.values()}, statement_id__in=previous
    ).values_list("round_id", "statement_id", "participant_id", "choice", "rating"):
        if previous[statement_id].pk == round_id:
            answer = rating if round_.kind == RoundKind.RATE else choice
            if answer is not None:
                before[statement_id][participant] = answer
    for item in figures:
        earlier_round = previous.get(item.statement.pk)
        if earlier_round is None:
            continue
        first = before[item.statement.pk]
        if round_.kind == RoundKind.RATE:
            change = round_stability(first, item.answers)
            change["median_before"] = number(rating_figures(list(first.values()))["median"])
            change["iqr_before"] = number(change["iqr_first"])
            change["iqr_after"] = number(change["iqr_second"])
            change["mean_change"] = number(change["mean_abs_change"])
        else:
            both = [p for p in first if p in item.answers]
            changed = sum(1 for p in both if first[p] != item.answers[p])
            agreed = sum(1 for value in first.values() if value == 1)
            change = {
                "n": len(both),
                "changed": changed if both else None,
                "share_changed": changed / len(both) if both else None,
                "agree_before": charts.percent(agreed / len(first)) if first else "–",
            }
        change["round"] = earlier_round
        change["percent_changed"] = charts.percent(change["share_changed"])
        item.change = change


def earlier_answers(round_, only=None):
    """What the panel answered in the last closed round of the same kind with each of
    this round's statements (or the ids in ``only``), in words: what Delphi
    panellists see before answering again. {statement id: text}."""
    wanted = set(round_.statements.values_list("pk", flat=True))
    if only is not None:
        wanted &= set(only)
    earlier = list(
        Round.objects.filter(
            consultation_id=round_.consultation_id,
            kind=round_.kind,
            number__lt=round_.number,
            status=RoundStatus.CLOSED,
            statements__in=wanted,
        )
        .distinct()
        .order_by("-number")
    )
    said = {}
    for previous in earlier:
        for item in round_results(previous, with_opinions=False, only=wanted).statements:
            if item.statement.pk in said or not item.votes:
                continue
            if item.is_rating:
                said[item.statement.pk] = ngettext(
                    "In round %(round)s: median %(median)s, %(high)s rated 7–9 (%(votes)s answer).",
                    "In round %(round)s: median %(median)s, %(high)s rated 7–9 "
                    "(%(votes)s answers).",
                    item.votes,
                ) % {
                    "round": previous.number,
                    "median": item.median,
                    "high": item.high_percent,
                    "votes": item.votes,
                }
            else:
                said[item.statement.pk] = ngettext(
                    "In round %(round)s: %(agree)s agreed, %(disagree)s disagreed, %(pass)s "
                    "passed (%(votes)s vote).",
                    "In round %(round)s: %(agree)s agreed, %(disagree)s disagreed, %(pass)s "
                    "passed (%(votes)s votes).",
                    item.votes,
                ) % {
                    "round": previous.number,
                    "agree": item.percents["agree"],
                    "disagree": item.percents["disagree"],
                    "pass": item.percents["pass"],
                    "votes": item.votes,
                }
    return said


def latest_opinions(round_, *, done=True):
    analyses = Analysis.objects.filter(round=round_, kind=Analysis.Kind.OPINIONS)
    if done:
        analyses = analyses.filter(status=Analysis.Status.DONE)
    return analyses.order_by("-created_at", "-pk").first()


def _opinions(round_, figures):
    """The opinion groups of the latest finished analysis, joined to the figures."""
    analysis = latest_opinions(round_)
    if analysis is None:
        return None
    result = analysis.result or {}
    k = int(result.get("k") or 0)
    sizes = Counter(g for g in (result.get("groups") or {}).values() if g is not None)
    by_id = {str(f.statement.pk): f for f in figures}
    for statement_id, data in (result.get("statements") or {}).items():
        item = by_id.get(statement_id)
        if item is None:
            continue
        item.informed_consensus = data.get("group_informed_consensus")
        for g in range(k):
            found = (data.get("groups") or {}).get(str(g))
            if not found:
                continue
            shares = {name: float(found.get(name) or 0) for name in ("agree", "disagree", "pass")}
            label = group_label(g)
            item.groups.append(
                {
                    "label": label,
                    "votes": int(found.get("votes") or 0),
                    "shares": shares,
                    "percents": {name: charts.percent(v) for name, v in shares.items()},
                    "bar": charts.shares_bar(
                        shares, int(found.get("votes") or 0), uid=f"{item.uid}-g{g}", label=label
                    ),
                }
            )
    groups = []
    for g in range(k):
        representative = []
        for statement_id in (result.get("repness") or {}).get(str(g), []):
            item = by_id.get(statement_id)
            figures_of_group = next(
                (x for x in (item.groups if item else []) if x["label"] == group_label(g)), None
            )
            if item is None or figures_of_group is None:
                continue
            agrees = figures_of_group["shares"]["agree"] >= figures_of_group["shares"]["disagree"]
            representative.append(
                {
                    "figures": item,
                    "group": figures_of_group,
                    "direction": "agree" if agrees else "disagree",
                }
            )
        groups.append(
            {"label": group_label(g), "size": sizes.get(g, 0), "statements": representative}
        )
    consensus = result.get("consensus") or {}
    last_vote = Vote.objects.filter(round=round_).aggregate(last=Max("updated_at"))["last"]
    return {
        "analysis": analysis,
        "k": k,
        "placed": sum(sizes.values()),
        "groups": groups,
        "agree": [by_id[s] for s in consensus.get("agree", []) if s in by_id],
        "disagree": [by_id[s] for s in consensus.get("disagree", []) if s in by_id],
        "stale": bool(last_vote and analysis.finished_at and last_vote > analysis.finished_at),
    }


# ------------------------------------------------------------------------------ report


@dataclass
class Report:
    consultation: object
    questions: list
    groups: list
    show_synthesis: bool
    show_people: bool
    group_themes: list  # [{"group", "themes": [{"theme", "notes"}], "unsorted"}]
    cross_themes: list  # [{"theme", "sources": [(title, group name)], "notes"}]
    rounds: list  # [{"round", "results" or None, "shown"}]
    commitments: list
    generated_at: object


def report_content(consultation, *, full=False, show_people=False):
    """What the report says. ``full`` (for those who run the consultation): the
    synthesis before it is published and the figures of the open round too.
    ``show_people``: the names of those who made commitments (members only)."""
    show_synthesis = full or consultation.synthesis_published
    groups = list(
        consultation.groups.select_related("territory").annotate(
            participant_count=Count("participants", distinct=True),
            note_count=Count("notes", filter=Q(notes__hidden=False), distinct=True),
        )
    )
    group_themes, cross_themes, commitments = [], [], []
    if show_synthesis:
        notes = list(
            Note.objects.filter(group__consultation=consultation, hidden=False)
            .select_related("question")
            .order_by("question__order", "created_at", "pk")
        )
        themes = list(
            consultation.themes.select_related("group").prefetch_related("sources__group")
        )
        notes_of_theme = defaultdict(list)
        for note in notes:
            notes_of_theme[note.theme_id].append(note)
        for group in groups:
            group_themes.append(
                {
                    "group": group,
                    "themes": [
                        {"theme": theme, "notes": notes_of_theme[theme.pk]}
                        for theme in themes
                        if theme.group_id == group.pk
                    ],
                    "unsorted": [
                        note for note in notes_of_theme[None] if note.group_id == group.pk
                    ],
                }
            )
        for theme in themes:
            if theme.group_id is None:
                cross_themes.append(
                    {
                        "theme": theme,
                        "sources": [
                            (
                                source.title,
                                source.group.name if source.group_id else _("Synthesis"),
                            )
                            for source in theme.sources.all()
                        ],
                        "notes": notes_of_theme[theme.pk],
                    }
                )
        commitments = list(
            Commitment.objects.filter(note__group__consultation=consultation)
            .select_related("person", "note__group")
            .order_by("due_on", "pk")
        )
    rounds = []
    for round_ in consultation.rounds.prefetch_related("groups"):
        shown = round_.is_vote and (
            round_.status == RoundStatus.CLOSED or (full and round_.status == RoundStatus.OPEN)
        )
        rounds.append({"round": round_, "results": round_results(round_) if shown else None})
    return Report(
        consultation=consultation,
        questions=list(consultation.questions.all()),
        groups=groups,
        show_synthesis=show_synthesis,
        show_people=show_people,
        group_themes=group_themes,
        cross_themes=cross_themes,
        rounds=rounds,
        commitments=commitments,
        generated_at=timezone.now(),
    )


def _state(queryset, *changes):
    """How many rows, the greatest id and ``changes`` (aggregates of versions or change
    times): any row added, removed or changed gives other values."""
    found = queryset.order_by().aggregate(
        rows=Count("pk"), last=Max("pk"), **{f"change{i}": c for i, c in enumerate(changes)}
    )
    return tuple(found.values())


def report_fingerprint(consultation, *, full=False, show_people=False):
    """Everything the report's documents depend on, in a dozen small queries (the
    report itself takes many more, and its PDF far longer to draw): the rows that
    can change without a version (questions, groups with their territory, rounds,
    which groups and statements each round has, statements, codes, commitments with
    their person) as they are; notes and themes by their versions, votes by their
    latest change, finished analyses by their latest end. ``full`` and
    ``show_people`` are what the reader may see (report_content); the day, because
    the report is dated."""
    c = consultation
    people = "person__display_name" if show_people else "person_name"
    return (
        (c.pk, c.title, c.purpose, c.method, c.status, c.synthesis_published_at, c.conclusions),
        c.collective.name,
        bool(full),
        bool(show_people),
        timezone.localdate(),
        list(c.questions.order_by("pk").values_list("pk", "order", "text", "kind")),
        list(c.groups.order_by("pk").values_list("pk", "name", "territory__name")),
        list(
            c.rounds.order_by("pk").values_list(
                "pk", "number", "title", "kind", "status", "starts_on", "ends_on"
            )
        ),
        list(
            Round.groups.through.objects.filter(round__consultation=c)
            .order_by("pk")
            .values_list("round_id", "group_id")
        ),
        list(
            Round.statements.through.objects.filter(round__consultation=c)
            .order_by("pk")
            .values_list("round_id", "statement_id")
        ),
        list(c.statements.order_by("pk").values_list("pk", "text", "theme_id", "order")),
        list(
            Theme.sources.through.objects.filter(from_theme__consultation=c)
            .order_by("pk")
            .values_list("from_theme_id", "to_theme_id")
        ),
        list(c.grid_codes.order_by("pk").values_list("pk", "parent_id", "label")),
        list(
            Commitment.objects.filter(note__group__consultation=c)
            .order_by("pk")
            .values_list("pk", "text", "due_on", "person_id", people)
        ),
        _state(Participant.objects.filter(consultation=c)),
        _state(Note.objects.filter(group__consultation=c), Sum("version")),
        _state(Theme.objects.filter(consultation=c), Sum("version")),
        _state(Vote.objects.filter(round__consultation=c), Max("updated_at")),
        _state(
            Analysis.objects.filter(consultation=c, status=Analysis.Status.DONE),
            Max("finished_at"),
        ),
    )


def commitment_person(commitment, show_people):
    if not show_people:
        return ""
    return commitment.person.display_name if commitment.person_id else commitment.person_name


def filename(consultation, extension):
    stem = slugify(consultation.title)[:60].strip("-") or f"consultation-{consultation.pk}"
    return f"{stem}.{extension}"


def _round_line(round_):
    parts = [round_.get_kind_display(), round_.get_status_display()]
    if round_.starts_on:
        parts.append(formats.date_format(round_.starts_on, "SHORT_DATE_FORMAT"))
    if round_.ends_on:
        parts.append(formats.date_format(round_.ends_on, "SHORT_DATE_FORMAT"))
    return " · ".join(str(p) for p in parts)


def _votes_line(results):
    return ngettext(
        "%(voters)s participant answered, of %(eligible)s who could.",
        "%(voters)s participants answered, of %(eligible)s who could.",
        results.voters,
    ) % {
        "voters": results.voters,
        "eligible": results.eligible,
    }


# ------------------------------------------------------------------------------- PDF

_FONTS_READY = False
PDF_FONT, PDF_BOLD, PDF_ITALIC = "Vera", "VeraBd", "VeraIt"
# Characters the bundled Vera font lacks, replaced by ones it has.
_PDF_REPLACE = str.maketrans({"\u202f": "\u00a0", "≥": ">=", "≤": "<=", "\u2009": " "})


def _register_fonts():
    global _FONTS_READY
    if _FONTS_READY:
        return
    import reportlab
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    folder = os.path.join(os.path.dirname(reportlab.__file__), "fonts")
    for name, file in (
        (PDF_FONT, "Vera.ttf"),
        (PDF_BOLD, "VeraBd.ttf"),
        (PDF_ITALIC, "VeraIt.ttf"),
        ("VeraBI", "VeraBI.ttf"),
    ):
        pdfmetrics.registerFont(TTFont(name, os.path.join(folder, file)))
    pdfmetrics.registerFontFamily(
        PDF_FONT, normal=PDF_FONT, bold=PDF_BOLD, italic=PDF_ITALIC, boldItalic="VeraBI"
    )
    _FONTS_READY = True


def _pdf_escape(text):
    from xml.sax.saxutils import escape

    return escape(str(text).translate(_PDF_REPLACE))


def _pdf_bar(shares, width=150, height=9):
    from reportlab.graphics.shapes import Drawing, Rect
    from reportlab.lib import colors

    drawing = Drawing(width, height)
    x = 0.0
    for name in ("agree", "disagree", "pass"):
        part = float(shares.get(name) or 0) * width
        if part > 0:
            drawing.add(
                Rect(
                    x,
                    0,
                    part,
                    height,
                    fillColor=colors.HexColor(charts.CHOICE_COLOURS[name]),
                    strokeColor=colors.white,
                    strokeWidth=0.5,
                )
            )
            x += part
    if x == 0:
        drawing.add(
            Rect(0, 0, width, height, fillColor=None, strokeColor=colors.HexColor("#7a8496"))
        )
    return drawing


def _pdf_distribution(counts, width=150, height=36):
    from reportlab.graphics.shapes import Drawing, Rect, String
    from reportlab.lib import colors

    drawing = Drawing(width, height + 10)
    top = max(counts) or 1
    step = width / 9
    for index, count in enumerate(counts):
        rating = index + 1
        colour = charts.LOW if rating <= 3 else charts.HIGH if rating >= 7 else charts.MIDDLE
        bar = height * count / top
        drawing.add(
            Rect(
                index * step + 2,
                10,
                step - 4,
                bar,
                fillColor=colors.HexColor(colour),
                strokeColor=None,
            )
        )
        drawing.add(
            String(
                index * step + step / 2,
                0,
                str(rating),
                fontName=PDF_FONT,
                fontSize=7,
                textAnchor="middle",
            )
        )
    return drawing


@one_at_a_time
def report_pdf(report):
    """The report as PDF bytes (A4, the bundled Vera font so that accents show)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    _register_fonts()
    base = getSampleStyleSheet()
    styles = {
        "title": ParagraphStyle("title", parent=base["Title"], fontName=PDF_BOLD),
        "h1": ParagraphStyle(
            "h1", parent=base["Heading1"], fontName=PDF_BOLD, fontSize=15, spaceBefore=14
        ),
        "h2": ParagraphStyle(
            "h2", parent=base["Heading2"], fontName=PDF_BOLD, fontSize=12.5, spaceBefore=10
        ),
        "h3": ParagraphStyle("h3", parent=base["Heading3"], fontName=PDF_BOLD, fontSize=11),
        "body": ParagraphStyle("body", parent=base["BodyText"], fontName=PDF_FONT, fontSize=9.5),
        "small": ParagraphStyle(
            "small", parent=base["BodyText"], fontName=PDF_FONT, fontSize=8, leading=10
        ),
        "quote": ParagraphStyle(
            "quote",
            parent=base["BodyText"],
            fontName=PDF_ITALIC,
            fontSize=9.5,
            leftIndent=12,
            borderPadding=(2, 0, 2, 6),
        ),
        "bullet": ParagraphStyle(
            "bullet",
            parent=base["BodyText"],
            fontName=PDF_FONT,
            fontSize=9.5,
            leftIndent=12,
            bulletIndent=2,
        ),
    }
    consultation = report.consultation
    story = []

    def para(text, style="body", markup=False):
        story.append(Paragraph(text if markup else _pdf_escape(text), styles[style]))

    def bullets(items):
        for item in items:
            story.append(Paragraph(_pdf_escape(item), styles["bullet"], bulletText="•"))

    def table(rows, widths, header=True):
        data = [
            [
                cell if not isinstance(cell, str) else Paragraph(_pdf_escape(cell), styles["small"])
                for cell in row
            ]
            for row in rows
        ]
        grid = Table(data, colWidths=widths, repeatRows=1 if header else 0)
        commands = [
            ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#c9d0da")),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]
        if header:
            commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3f5f8")))
        grid.setStyle(TableStyle(commands))
        story.append(grid)
        story.append(Spacer(1, 6))

    for kind, value in _outline(report):
        if kind in ("title", "h1", "h2", "h3", "body", "small", "quote"):
            para(value, kind)
        elif kind == "paragraphs":
            for chunk in [p for p in str(value).split("\n\n") if p.strip()]:
                para(_pdf_escape(chunk).replace("\n", "<br/>"), markup=True)
        elif kind == "bullets":
            bullets(value)
        elif kind == "agree_table":
            rows = [[_("Statement"), _("Votes"), _("Agree"), _("Disagree"), _("Pass"), ""]]
            for label, item_votes, shares in value:
                rows.append(
                    [
                        label,
                        str(item_votes),
                        charts.percent(shares["agree"]),
                        charts.percent(shares["disagree"]),
                        charts.percent(shares["pass"]),
                        _pdf_bar(shares, width=4.2 * cm),
                    ]
                )
            table(rows, [5.6 * cm, 1.4 * cm, 1.9 * cm, 1.9 * cm, 1.6 * cm, 4.6 * cm])
        elif kind == "rating_table":
            rows = [
                [_("Statement"), _("Answers"), _("Median"), _("IQR"), _("7–9"), _("Consensus"), ""]
            ]
            for item in value:
                rows.append(
                    [
                        item.statement.text,
                        str(item.votes),
                        item.median,
                        item.iqr,
                        item.high_percent,
                        _("yes") if item.rating["consensus"] else _("no"),
                        _pdf_distribution(item.distribution, width=3.6 * cm) if item.votes else "",
                    ]
                )
            table(rows, [4.6 * cm, 1.9 * cm, 1.8 * cm, 1.3 * cm, 1.4 * cm, 2.2 * cm, 3.8 * cm])
        elif kind == "table":
            header, rows = value
            width = 17 * cm / len(header)
            table([header, *rows], [width] * len(header))
        elif kind == "bar_legend":
            para(_("Bars: agree in green, disagree in red, pass in grey."), "small")

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
        title=consultation.title,
        author=consultation.collective.name,
        subject=_("Report of the consultation"),
        lang=_pdf_language(),
    )

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont(PDF_FONT, 8)
        canvas.drawString(
            2 * cm, 1.2 * cm, f"{consultation.title} · {doc.page}".translate(_PDF_REPLACE)
        )
        canvas.restoreState()

    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def _pdf_language():
    from django.utils.translation import get_language

    return get_language() or "fr"


# ------------------------------------------------------------------------------ DOCX


def report_docx(report):
    """The report as a Word document (bytes): headings, paragraphs and tables."""
    from docx import Document
    from docx.shared import Pt

    document = Document()
    document.core_properties.title = report.consultation.title
    document.core_properties.author = report.consultation.collective.name
    document.core_properties.subject = _("Report of the consultation")
    document.core_properties.language = _pdf_language()
    document.styles["Normal"].font.size = Pt(10.5)

    def table(header, rows):
        grid = document.add_table(rows=1, cols=len(header))
        grid.style = "Table Grid"
        for cell, text in zip(grid.rows[0].cells, header, strict=True):
            cell.text = str(text)
            for run in cell.paragraphs[0].runs:
                run.bold = True
        for row in rows:
            cells = grid.add_row().cells
            for cell, text in zip(cells, row, strict=True):
                cell.text = str(text)
        document.add_paragraph()

    for kind, value in _outline(report):
        if kind == "title":
            document.add_heading(value, level=0)
        elif kind in ("h1", "h2", "h3"):
            document.add_heading(value, level=int(kind[1]))
        elif kind in ("body", "small"):
            document.add_paragraph(value)
        elif kind == "quote":
            document.add_paragraph(value, style="Quote")
        elif kind == "paragraphs":
            for chunk in [p for p in str(value).split("\n\n") if p.strip()]:
                document.add_paragraph(chunk.strip())
        elif kind == "bullets":
            for item in value:
                document.add_paragraph(str(item), style="List Bullet")
        elif kind == "agree_table":
            table(
                [_("Statement"), _("Votes"), _("Agree"), _("Disagree"), _("Pass")],
                [
                    [
                        label,
                        votes,
                        charts.percent(shares["agree"]),
                        charts.percent(shares["disagree"]),
                        charts.percent(shares["pass"]),
                    ]
                    for label, votes, shares in value
                ],
            )
        elif kind == "rating_table":
            table(
                [
                    _("Statement"),
                    _("Answers"),
                    _("Median"),
                    _("Q1 – Q3"),
                    _("IQR"),
                    _("7–9"),
                    _("Consensus"),
                ],
                [
                    [
                        item.statement.text,
                        item.votes,
                        item.median,
                        item.quartiles,
                        item.iqr,
                        item.high_percent,
                        _("yes") if item.rating["consensus"] else _("no"),
                    ]
                    for item in value
                ],
            )
        elif kind == "table":
            table(*value)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------- one outline, two formats


def _outline(report):
    """The report as a sequence of (kind, value) blocks, written out by the PDF and
    the Word document alike, so that both say the same."""
    consultation = report.consultation
    yield "title", consultation.title
    yield (
        "small",
        " · ".join(
            str(part)
            for part in (
                consultation.collective.name,
                consultation.get_method_display(),
                consultation.get_status_display(),
                _("report of %(date)s")
                % {
                    "date": formats.date_format(
                        timezone.localtime(report.generated_at), "DATE_FORMAT"
                    )
                },
            )
        ),
    )
    if consultation.purpose:
        yield "h1", _("Purpose")
        yield "paragraphs", consultation.purpose
    yield "h1", _("Questions")
    yield "bullets", [question.text for question in report.questions] or [_("No question.")]
    yield "h1", _("Groups")
    if report.groups:
        yield (
            "table",
            (
                [_("Group"), _("Territory"), _("Participants"), _("Notes")],
                [
                    [
                        group.name,
                        group.territory.name if group.territory_id else "",
                        str(group.participant_count),
                        str(group.note_count),
                    ]
                    for group in report.groups
                ],
            ),
        )
    else:
        yield "body", _("No group.")

    yield "h1", _("Themes")
    if not report.show_synthesis:
        yield "body", _("The synthesis is not published yet.")
    else:
        for entry in report.group_themes:
            yield "h2", entry["group"].name
            if not entry["themes"]:
                yield "body", _("No theme yet.")
            for item in entry["themes"]:
                yield "h3", item["theme"].title
                if item["theme"].statement:
                    yield "quote", item["theme"].statement
                yield "bullets", [note.text for note in item["notes"]]
            if entry["unsorted"]:
                yield "h3", _("Notes not sorted into a theme")
                yield "bullets", [note.text for note in entry["unsorted"]]
        if report.cross_themes:
            yield "h2", _("Themes shared across groups")
            for item in report.cross_themes:
                yield "h3", item["theme"].title
                if item["theme"].statement:
                    yield "quote", item["theme"].statement
                yield (
                    "body",
                    _("From: %(sources)s")
                    % {
                        "sources": "; ".join(
                            f"{title} ({group})" for title, group in item["sources"]
                        )
                    },
                )

    yield "h1", _("Rounds")
    for entry in report.rounds:
        round_, results = entry["round"], entry["results"]
        yield "h2", str(round_)
        yield "small", _round_line(round_)
        if results is None:
            if round_.is_vote:
                yield "body", _("The results are shown once the round is closed.")
            continue
        if round_.status == RoundStatus.OPEN:
            yield "small", _("Provisional: the round is still open.")
        yield "body", _votes_line(results)
        if not results.statements:
            yield "body", _("No statement in this round.")
            continue
        if results.is_rating:
            yield "small", results.rule
            yield "rating_table", results.statements
        else:
            yield (
                "agree_table",
                [(item.statement.text, item.votes, item.shares) for item in results.statements],
            )
            yield "bar_legend", None
            yield "small", results.lists_rule
        for title, found in (
            (_("Consensus"), results.consensus),
            (_("Broad disagreement"), results.rejected),
            (_("Divided or spread out"), results.divergent),
        ):
            if found:
                yield "h3", title
                yield "bullets", [item.statement.text for item in found]
        opinions = results.opinions
        if opinions and opinions["k"]:
            yield "h3", _("Opinion groups")
            for group in opinions["groups"]:
                yield (
                    "body",
                    ngettext(
                        "%(group)s: %(size)s participant",
                        "%(group)s: %(size)s participants",
                        group["size"],
                    )
                    % {
                        "group": group["label"],
                        "size": group["size"],
                    },
                )
                yield (
                    "bullets",
                    [
                        _("%(statement)s (%(direction)s: %(percent)s)")
                        % {
                            "statement": entry["figures"].statement.text,
                            "direction": _("agree")
                            if entry["direction"] == "agree"
                            else _("disagree"),
                            "percent": entry["group"]["percents"][entry["direction"]],
                        }
                        for entry in group["statements"]
                    ],
                )
        changed = [item for item in results.statements if item.change and item.change["n"]]
        if changed:
            yield "h3", _("Changes since the previous round")
            yield (
                "bullets",
                [
                    _("%(statement)s: %(percent)s of %(n)s participants changed their answer")
                    % {
                        "statement": item.statement.text,
                        "percent": item.change["percent_changed"],
                        "n": item.change["n"],
                    }
                    for item in changed
                ],
            )

    if report.show_synthesis:
        yield "h1", _("Commitments")
        if report.commitments:
            header = [_("Commitment"), _("Due on"), _("Group")]
            if report.show_people:
                header.insert(1, _("Who"))
            rows = []
            for commitment in report.commitments:
                row = [
                    commitment.text,
                    formats.date_format(commitment.due_on, "SHORT_DATE_FORMAT"),
                    commitment.note.group.name,
                ]
                if report.show_people:
                    row.insert(1, commitment_person(commitment, True))
                rows.append(row)
            yield "table", (header, rows)
        else:
            yield "body", _("No commitment.")
    yield "h1", _("Conclusions")
    if consultation.conclusions:
        yield "paragraphs", consultation.conclusions
    else:
        yield "body", _("No conclusions yet.")


# ------------------------------------------------------------------------------- CSV

CSV_COLUMNS = [
    "record",
    "id",
    "group",
    "territory",
    "question",
    "theme",
    "code",
    "text",
    "same_as",
    "created_at",
    "round",
    "round_title",
    "round_kind",
    "round_status",
    "theme_of_statement",
    "votes",
    "agree",
    "disagree",
    "pass",
    "median",
    "q1",
    "q3",
    "iqr",
    "share_7_9",
    "share_1_3",
    "consensus",
]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    """A value for a spreadsheet: text that would start a formula gets a leading
    apostrophe (OWASP's advice against CSV injection)."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if value == value else ""
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def data_csv(report):
    """Raw data, one row per record: the visible notes (with their group, question,
    theme, code and time; never who wrote them) when the synthesis is shown, then
    the answers of each round counted per statement (never who answered what).
    Column names are stable identifiers, in English."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    if report.show_synthesis:
        notes = (
            Note.objects.filter(group__consultation=report.consultation, hidden=False)
            .select_related("group__territory", "question", "theme", "code__parent")
            .order_by("group__name", "created_at", "pk")
        )
        for note in notes:
            writer.writerow(
                {
                    "record": "note",
                    "id": note.pk,
                    "group": _cell(note.group.name),
                    "territory": _cell(note.group.territory.name if note.group.territory else ""),
                    "question": _cell(note.question.text),
                    "theme": _cell(note.theme.title if note.theme_id else ""),
                    "code": _cell(str(note.code) if note.code_id else ""),
                    "text": _cell(note.text),
                    "same_as": note.duplicate_of_id or "",
                    "created_at": timezone.localtime(note.created_at).isoformat(),
                }
            )
    for entry in report.rounds:
        results = entry["results"]
        if results is None:
            continue
        round_ = results.round
        for item in results.statements:
            row = {
                "record": "statement",
                "id": item.statement.pk,
                "text": _cell(item.statement.text),
                "round": round_.number,
                "round_title": _cell(round_.title),
                "round_kind": round_.kind,
                "round_status": round_.status,
                "theme_of_statement": _cell(
                    item.statement.theme.title if item.statement.theme_id else ""
                ),
                "votes": item.votes,
            }
            if item.rating:
                figures = item.rating
                row |= {
                    "median": _cell(figures["median"]),
                    "q1": _cell(figures["q1"]),
                    "q3": _cell(figures["q3"]),
                    "iqr": _cell(figures["iqr"]),
                    "share_7_9": _cell(figures["share_high"]),
                    "share_1_3": _cell(figures["share_low"]),
                    "consensus": "yes" if figures["consensus"] else "no",
                }
            else:
                row |= {name: item.counts.get(name, 0) for name in ("agree", "disagree", "pass")}
            writer.writerow(row)
    # With a byte order mark, spreadsheets open the accents correctly.
    return "\ufeff" + buffer.getvalue()
