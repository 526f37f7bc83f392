"""Building blocks of the permission matrix (tests/test_permissions.py)."""

PERSONAS = ["anonymous", "outsider", "observer", "member", "facilitator", "coordinator"]
LOGIN = "/comptes/connexion/"


def everyone(status):
    return dict.fromkeys(PERSONAS, status)


def logged_in(status, anonymous=302):
    return {**everyone(status), "anonymous": anonymous}


def in_collective(status, *, anonymous=302, outsider=404, minimum="observer", below=403):
    """``status`` from role ``minimum`` up; ``below`` under it; outsiders never learn it exists."""
    order = ["observer", "member", "facilitator", "coordinator"]
    result = {"anonymous": anonymous, "outsider": outsider}
    for role in order:
        result[role] = status if order.index(role) >= order.index(minimum) else below
    return result
