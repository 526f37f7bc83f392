"""What the consultation pages ask of the trace, read once per page (not per row):
which statement of a round was decided, which pledge became an action."""

from django import template

register = template.Library()


def _kept(context, key, load):
    request = context.get("request")
    cache = request.__dict__.setdefault("_maillage_trace", {}) if request is not None else {}
    if key not in cache:
        cache[key] = load()
    return cache[key]


@register.simple_tag(takes_context=True)
def statement_decision(context, round_, statement):
    """The decision taken on ``statement`` (of ``round_``'s consultation), or None."""
    from maillage.meetings.models import Decision

    found = _kept(
        context,
        ("decisions", round_.consultation_id),
        lambda: {
            d.statement_id: d
            for d in Decision.objects.filter(statement__consultation_id=round_.consultation_id)
        },
    )
    return found.get(statement.pk)


@register.simple_tag(takes_context=True)
def commitment_action(context, commitment, consultation):
    """The action ``commitment`` (of ``consultation``) became, or None."""
    from maillage.actions.models import Action

    found = _kept(
        context,
        ("actions", consultation.pk),
        lambda: {
            a.commitment_id: a
            for a in Action.objects.filter(
                commitment__note__group__consultation_id=consultation.pk
            ).select_related("collective")
        },
    )
    return found.get(commitment.pk)
