"""Texts in several languages (a mapping {language code: text}) and the package's error."""

from ..errors import EligibilityInputError
from ..rules import FALLBACK_LANGUAGE, text

__all__ = ["FALLBACK_LANGUAGE", "QeliInputError", "text"]


class QeliInputError(EligibilityInputError):
    """A household, a scenario file or a rule file that cannot be read; says which and why."""
