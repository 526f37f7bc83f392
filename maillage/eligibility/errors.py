"""The one error of the eligibility package: a rule or a fact that cannot be read."""


class EligibilityInputError(ValueError):
    """A rule, a condition or a fact is malformed; the message says which and why."""
