"""A person's API tokens (core/personal.py): listed in their export without the token
itself (only its digest is kept, and that is not given either), deleted with the account."""

from maillage.core import personal

from .models import ApiToken


def export(person):
    if person.user is None or person.collectives is not None:
        return {}
    tokens = ApiToken.objects.filter(user=person.user).prefetch_related("collectives")
    return {
        "tokens": [
            {
                "name": token.name,
                "starts_with": str(token),
                "can_write": token.can_write,
                "collectives": [c.slug for c in token.collectives.all()],
                "created_at": personal.iso(token.created_at),
                "expires_at": personal.iso(token.expires_at),
                "last_used_at": personal.iso(token.last_used_at),
                "revoked_at": personal.iso(token.revoked_at),
            }
            for token in tokens
        ]
    }


def erase(person):
    if person.user is None or person.collectives is not None:
        return {}
    tokens = ApiToken.objects.filter(user=person.user)
    count = tokens.count()
    tokens.delete()
    return {"tokens": count}


personal.register("api", export=export, erase=erase)
