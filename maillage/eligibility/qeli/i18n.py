"""Texts in several languages: a mapping {language code: text}."""

from collections.abc import Mapping

FALLBACK_LANGUAGE = "fr"


def text(label, language: str = FALLBACK_LANGUAGE) -> str:
    """``label`` in ``language``, else in French, else in any language it has."""
    if label is None:
        return ""
    if isinstance(label, str):
        return label
    for code in (language, language.split("-")[0], FALLBACK_LANGUAGE):
        if label.get(code):
            return label[code]
    return next(iter(label.values()), "") if isinstance(label, Mapping) else str(label)


class QeliInputError(ValueError):
    """A household, an answer file or a rule file that cannot be read; says which and why."""
