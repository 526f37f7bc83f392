"""Every change to consultations: setting up, live notes, themes, rounds and votes.

Each function runs in one transaction and raises DomainError with a message for the
person when the change is refused; changes made by facilitators are recorded in the
collective's audit log. Participants' own notes and votes are not audited one by one
(they are the consultation's data, not a change of its set-up). Permission checks
stay in the views (rules.py and access.py).

The functions live in sibling modules by subject and are all importable from here:
services_setup (the consultation, its questions, groups, grid, closing), services_live
(joining, notes on the wall, moderation, mood), services_themes (the synthesis board),
services_rounds (rounds, statements, votes), services_analysis (the engine's
proposals) and services_contact (the addresses participants leave, their return links,
telling them that a round opened).
"""

from .services_analysis import (
    accept_proposal,
    reject_proposal,
    request_analysis,
)
from .services_contact import (
    erase_contacts,
    leave_contact,
    reachable_counts,
    renew_return_link,
    withdraw_contact,
)
from .services_live import (
    correct_note,
    enter_paper_notes,
    find_group_by_code,
    hide_note,
    join_group,
    post_note,
    record_mood,
    show_note,
)
from .services_rounds import (
    add_round,
    add_statement,
    add_statements_from_themes,
    cast_vote,
    close_round,
    open_and_close_due_rounds,
    open_round,
    set_round_statements,
    update_round,
)
from .services_setup import (
    DEFAULT_ROUNDS,
    METHOD_QUESTIONS,
    METHOD_ROUNDS,
    SPIRAL_GRID,
    add_grid_code,
    add_group,
    add_question,
    close_consultation,
    close_live_session,
    create_consultation,
    delete_group,
    open_live_session,
    publish_synthesis,
    release_roles,
    rename_grid_code,
    rename_group,
    set_group_facilitators,
    update_consultation,
    update_question,
)
from .services_themes import (
    code_note,
    code_notes,
    create_theme,
    delete_theme,
    make_commitment,
    mark_duplicate,
    merge_themes,
    move_note,
    move_notes,
    move_theme,
    unfold_duplicate,
    update_theme,
)

__all__ = [
    "DEFAULT_ROUNDS",
    "METHOD_QUESTIONS",
    "METHOD_ROUNDS",
    "SPIRAL_GRID",
    "accept_proposal",
    "add_grid_code",
    "add_group",
    "add_question",
    "add_round",
    "add_statement",
    "add_statements_from_themes",
    "cast_vote",
    "close_consultation",
    "close_live_session",
    "close_round",
    "code_note",
    "code_notes",
    "correct_note",
    "create_consultation",
    "delete_group",
    "create_theme",
    "delete_theme",
    "enter_paper_notes",
    "erase_contacts",
    "find_group_by_code",
    "hide_note",
    "join_group",
    "leave_contact",
    "make_commitment",
    "mark_duplicate",
    "merge_themes",
    "move_note",
    "move_notes",
    "move_theme",
    "open_and_close_due_rounds",
    "open_live_session",
    "open_round",
    "post_note",
    "publish_synthesis",
    "reachable_counts",
    "renew_return_link",
    "record_mood",
    "reject_proposal",
    "release_roles",
    "rename_grid_code",
    "rename_group",
    "request_analysis",
    "set_group_facilitators",
    "set_round_statements",
    "show_note",
    "unfold_duplicate",
    "update_consultation",
    "update_question",
    "update_round",
    "update_theme",
    "withdraw_contact",
]
