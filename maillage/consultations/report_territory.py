"""The report of a network consultation, territory by territory: a section per
territory with its groups and their counts, the themes of its published synthesis
(with the groups they come from) and its figures in each round shown. Written as
the report's outline blocks (documents._outline), so every format (PDF, Word,
ODT) says the same.

Nothing here names a participant: groups are counted, votes are counted per
territory (results_territory), a draft synthesis is only said to be a draft.
"""

from collections import defaultdict

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Theme
from .results_territory import territory_breakdown
from .services_territory import territories


def territory_sections(report):
    """[{"territory", "groups", "published_at", "themes": [(theme, [group names])],
    "rounds": [(round, TerritoryFigures)]}] for a network consultation, by name."""
    consultation = report.consultation
    if consultation.network_id is None:
        return []
    states = {
        state.territory_id: state.published_at
        for state in consultation.territory_syntheses.filter(published_at__isnull=False)
    }
    themes = list(
        consultation.themes.filter(group=None, territory__isnull=False).order_by("order", "pk")
    )
    origins = defaultdict(set)
    for theme_id, group_name in Theme.sources.through.objects.filter(
        from_theme__in=themes, to_theme__group__isnull=False
    ).values_list("from_theme_id", "to_theme__group__name"):
        origins[theme_id].add(group_name)
    by_round = [
        (entry["round"], {f.territory.pk: f for f in territory_breakdown(entry["round"], results)})
        for entry in report.rounds
        if (results := entry["results"]) is not None
    ]
    sections = []
    for territory in territories(consultation):
        published_at = states.get(territory.pk)
        sections.append(
            {
                "territory": territory,
                "groups": [g for g in report.groups if g.territory_id == territory.pk],
                "published_at": published_at,
                "themes": [
                    (theme, sorted(origins[theme.pk], key=str.lower))
                    for theme in themes
                    if theme.territory_id == territory.pk
                ]
                if published_at
                else [],
                "rounds": [(round_, found[territory.pk]) for round_, found in by_round],
            }
        )
    return sections


def territory_outline(report):
    """The report's section per territory, as (kind, value) blocks of the outline."""
    sections = territory_sections(report)
    if not sections:
        return
    yield "h1", _("Territories")
    for section in sections:
        yield "h2", section["territory"].name
        groups = section["groups"]
        yield (
            "table",
            (
                [_("Group"), _("Participants"), _("Notes")],
                [[g.name, str(g.participant_count), str(g.note_count)] for g in groups],
            ),
        )
        yield "h3", _("Synthesis of the territory")
        if not section["published_at"]:
            yield "body", _("The territory's synthesis is not published yet.")
        else:
            when = formats.date_format(section["published_at"], "SHORT_DATE_FORMAT")
            yield "small", _("Published on %(date)s.") % {"date": when}
            for theme, group_names in section["themes"]:
                yield "body", theme.title
                if theme.statement:
                    yield "quote", theme.statement
                if group_names:
                    yield "small", _("Said in: %(groups)s") % {"groups": ", ".join(group_names)}
        for round_, figures in section["rounds"]:
            yield "h3", _("Results of the round %(round)s") % {"round": round_}
            yield (
                "body",
                ngettext(
                    "%(voters)s participant answered, of %(eligible)s who could.",
                    "%(voters)s participants answered, of %(eligible)s who could.",
                    figures.voters,
                )
                % {"voters": figures.voters, "eligible": figures.eligible},
            )
            rows = figures.statements
            if rows and rows[0]["figures"].is_rating:
                yield (
                    "table",
                    (
                        [_("Statement"), _("Answers"), _("Median"), _("7–9")],
                        [
                            [
                                row["figures"].statement.text,
                                str(row["votes"]),
                                row["median"],
                                row["high_percent"],
                            ]
                            for row in rows
                        ],
                    ),
                )
            elif rows:
                yield (
                    "agree_table",
                    [(row["figures"].statement.text, row["votes"], row["shares"]) for row in rows],
                )
