"""Maillage's synthesis engine: themes in short texts, code suggestions, opinion groups.

A plain Python package that does not import Django, so that it can run in a
background task, on the command line (``python -m maillage.synthesis``) or in a
notebook. docs/synthesis.md explains each method for facilitators.
"""

from .errors import SynthesisInputError

__all__ = ["SynthesisInputError"]
