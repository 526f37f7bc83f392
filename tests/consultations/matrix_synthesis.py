"""Entries of the permission matrix (tests/test_permissions.py) for these URLs.

Same shape as there: name: (method, args builder or None, POST data, expected
status by persona). Builders get the world; build_workshop(world) gives the workshop.

The synthesis workspace is for a group's facilitators and for those who run the
consultation (the collective's facilitators and coordinators); the synthesis of
syntheses for the latter only. Anonymous visitors are sent to log in; outsiders
never learn that a private collective's consultation exists.
"""

from .workshop import build_workshop


def _facilitators(status, *, outsider=404):
    """``status`` for the facilitator and the coordinator; 403 for the other members."""
    return {
        "anonymous": 302,
        "outsider": outsider,
        "observer": 403,
        "member": 403,
        "facilitator": status,
        "coordinator": status,
    }


def group(w):
    workshop = build_workshop(w)
    return [w.collective.slug, workshop.group.pk]


def consultation(w):
    workshop = build_workshop(w)
    return [w.collective.slug, workshop.consultation.pk]


def theme(w):
    from maillage.consultations import services

    workshop = build_workshop(w)
    made = services.create_theme(actor=w.facilitator, group=workshop.group, title="Logement")
    return [w.collective.slug, workshop.group.pk, made.pk]


def note(w):
    workshop = build_workshop(w)
    return [w.collective.slug, workshop.group.pk, workshop.notes[0].pk]


def pledge(w):
    from maillage.consultations import services

    workshop = build_workshop(w)
    promise = services.enter_paper_notes(
        actor=w.facilitator,
        group=workshop.group,
        question=workshop.questions[2],
        lines="Je peux animer un atelier vélo",
    )[0]
    return [w.collective.slug, workshop.group.pk, promise.pk]


def _analysis(w):
    from maillage.consultations.models import Analysis

    workshop = build_workshop(w)
    # Made by hand: the engine itself is exercised in test_synthesis.py.
    return Analysis.objects.create(
        consultation=workshop.consultation,
        group=workshop.group,
        kind=Analysis.Kind.THEMES,
        status=Analysis.Status.DONE,
        progress=100,
        requested_by=w.facilitator,
    )


def analysis(w):
    return [w.collective.slug, build_workshop(w).group.pk, _analysis(w).pk]


def proposal(w):
    from maillage.consultations.models import Proposal

    workshop = build_workshop(w)
    made = Proposal.objects.create(
        analysis=_analysis(w), group=workshop.group, label="logement, quartier"
    )
    made.notes.set(workshop.notes[:2])
    return [w.collective.slug, workshop.group.pk, made.pk]


def common_theme(w):
    from maillage.consultations import services

    workshop = build_workshop(w)
    themes = [
        services.create_theme(actor=w.facilitator, group=workshop.group, title="Logement"),
        services.create_theme(actor=w.facilitator, group=workshop.other_group, title="Habitat"),
    ]
    merged = services.merge_themes(
        actor=w.facilitator,
        consultation=workshop.consultation,
        themes=themes,
        title="Se loger dignement",
    )
    return [w.collective.slug, workshop.consultation.pk, merged.pk]


MATRIX = {
    "consultations:theme_board": ("get", group, None, _facilitators(200)),
    "consultations:theme_edit": ("get", theme, None, _facilitators(200)),
    "consultations:theme_delete": ("post", theme, {"version": ""}, _facilitators(302)),
    "consultations:theme_move": ("post", theme, {"direction": "up"}, _facilitators(302)),
    "consultations:note_move": ("post", note, {"theme": "", "version": 1}, _facilitators(302)),
    # Nothing ticked: refused by the form (the board again, with the message).
    "consultations:notes_bulk": (
        "post",
        group,
        {"theme": "none", "action": "move"},
        _facilitators(400),
    ),
    "consultations:note_duplicate": ("get", note, None, _facilitators(200)),
    # The note is not folded under another: refused (the board again, with the message).
    "consultations:note_unfold": ("post", note, {"version": ""}, _facilitators(400)),
    "consultations:note_code": ("post", note, {"code": "", "version": 1}, _facilitators(302)),
    "consultations:note_commitment": ("get", pledge, None, _facilitators(200)),
    # An unknown kind: refused by the view before the engine is asked for anything.
    "consultations:analysis_request": ("post", group, {"kind": "?"}, _facilitators(302)),
    "consultations:analysis_progress": ("get", analysis, None, _facilitators(200)),
    "consultations:proposal_accept": ("post", proposal, {}, _facilitators(302)),
    "consultations:proposal_reject": ("post", proposal, {}, _facilitators(302)),
    "consultations:synthesis": ("get", consultation, None, _facilitators(200)),
    "consultations:synthesis_theme_edit": ("get", common_theme, None, _facilitators(200)),
}

# On a public collective, outsiders may see that the consultation exists, and no more.
PUBLIC_MATRIX = {
    name: (method, builder, data, {**expected, "outsider": 403})
    for name, (method, builder, data, expected) in MATRIX.items()
}
