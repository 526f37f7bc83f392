"""How the changes of consultations read in the collective's log (audit.history)."""

from django.utils.translation import gettext_lazy as _

from maillage.audit.history import Choice, Date, Field, Number, model_fields, register

from .models import Consultation, Group, QuestionKind, RoundKind

TITLE = Field(_("Title"))
QUESTION = Field(_("Question"))
ROUND = Field(_("Round"))
THEME = Field(_("Theme"))
STATEMENT = Field(_("Statement"))
CODE = Field(_("Code"))
REASON = Field(_("Reason"))

register(
    ["consultations.created", "consultations.updated", "consultations.closed"],
    model_fields(Consultation, ["title", "method", "purpose", "conclusions"], title=TITLE),
)
register("consultations.contacts_erased", {"contacts": Field(_("Number of addresses"), Number())})
register(
    ["consultations.question_added", "consultations.question_changed"],
    {"text": QUESTION, "kind": Field(_("Kind"), Choice(QuestionKind))},
)
register(
    ["consultations.group_added", "consultations.group_renamed", "consultations.group_deleted"],
    {"name": Field(_("Group"))},
)
register("consultations.group_facilitators", {"facilitators": Field(_("Facilitators"))})
register(
    ["consultations.live_opened", "consultations.live_closed"],
    model_fields(Group, ["live"]),
)
register(["consultations.code_added", "consultations.code_renamed"], {"label": CODE})
register("consultations.round_added", {"title": ROUND})
register(["consultations.round_opened", "consultations.round_closed"], {"round": ROUND})
register(
    "consultations.round_changed",
    {
        "title": ROUND,
        "kind": Field(_("What participants do"), Choice(RoundKind)),
        "starts_on": Field(_("Starts on"), Date()),
        "ends_on": Field(_("Ends on"), Date()),
    },
)
register("consultations.statement_added", {"text": STATEMENT})
register(
    "consultations.round_statements",
    {"statements": Field(_("Number of statements"), Number())},
)
register(
    "consultations.paper_notes",
    {"notes": Field(_("Number of notes"), Number()), "question": QUESTION},
)
register(["consultations.note_hidden", "consultations.note_shown"], {"reason": REASON})
register("consultations.note_corrected", {"text": Field(_("Text"))})
register("consultations.note_moved", {"theme": THEME})
register(
    ["consultations.note_duplicate", "consultations.note_unfolded"],
    {"same_as": Field(_("Same as the note"))},
)
register("consultations.note_coded", {"code": CODE})
register(
    "consultations.notes_moved",
    {"notes": Field(_("Number of notes"), Number()), "theme": THEME},
)
register(
    "consultations.notes_coded",
    {"notes": Field(_("Number of notes"), Number()), "code": CODE},
)
register(
    ["consultations.theme_created", "consultations.theme_changed"],
    {"title": THEME, "statement": STATEMENT},
)
register(
    "consultations.theme_deleted",
    {"title": THEME, "statement": STATEMENT, "notes": Field(_("Number of notes"), Number())},
)
register("consultations.theme_moved", {"position": Field(_("Position"), Number())})
register(
    "consultations.themes_merged",
    {"title": THEME, "sources": Field(_("Themes brought together"))},
)
register(
    ["consultations.territory_synthesis_published", "consultations.territory_synthesis_withdrawn"],
    {"territory": Field(_("Territory")), "themes": Field(_("Number of themes"), Number())},
)
register(
    "consultations.commitment_made",
    {"text": Field(_("Commitment")), "due_on": Field(_("Due date"), Date())},
)
register(
    ["consultations.proposal_accepted", "consultations.proposal_rejected"],
    {"label": Field(_("Proposal"))},
)
