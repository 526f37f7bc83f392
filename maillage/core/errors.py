class DomainError(Exception):
    """A change refused by the rules of the domain.

    Services raise it with a translated message meant for the person who asked
    for the change; views show that message and keep what was typed.
    """

    def __init__(self, message, *, field=None, code=None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


class ConflictError(DomainError):
    """Someone else changed the same thing since the form was opened."""
