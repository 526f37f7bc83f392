"""The OpenAPI schema's shared parts: the token's security scheme, and the error answers
every operation may give (so that a client, and Schemathesis, know them)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension

ERROR = {
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "field": {"type": "string"},
        "code": {"type": "string"},
    },
    "required": ["detail"],
}
VALIDATION = {"type": "object", "additionalProperties": True}


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "maillage.api.tokens.TokenAuthentication"
    name = "token"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal token made on the site (My account → API tokens).",
        }


LOCAL_TIME = {"pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]+)?)?$"}


# The largest whole numbers the database's integer columns hold, which Django gives as a
# field's bound: they differ between SQLite and PostgreSQL.
DATABASE_BOUNDS = {32767, 2147483647, 9223372036854775807}


def normalise(node):
    """The schema the same whatever the database, and true to what is sent:

    - times of day here are local wall-clock times (a site's half-days, an agenda item's
      slot) without an offset, which OpenAPI's ``format: time`` (RFC 3339) requires:
      they are described by a pattern instead;
    - an integer column's bound is the database's, not the platform's: it is left out
      (a value the column cannot hold is refused with a 400)."""
    if isinstance(node, dict):
        if node.get("format") == "time":
            del node["format"]
            node.update(LOCAL_TIME)
        if node.get("maximum") in DATABASE_BOUNDS:
            del node["maximum"]
            if node.get("format") == "int64":
                del node["format"]
        for value in node.values():
            normalise(value)
    elif isinstance(node, list):
        for value in node:
            normalise(value)


def add_error_responses(result, generator, request, public):
    """Every operation may answer 401, 403 and 404, a change or a list with filters 400,
    a change 409: said once here instead of on each view."""
    normalise(result)
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Error"] = ERROR
    components["ValidationError"] = VALIDATION
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            responses = operation.setdefault("responses", {})
            for code, text in (
                ("401", "No token, or a token that is not valid."),
                ("403", "Not allowed for this person or token."),
                ("404", "Not found, or not visible to this person."),
            ):
                responses.setdefault(code, {"description": text, "content": error})
            queried = any(p.get("in") == "query" for p in operation.get("parameters", []))
            if method in {"post", "put", "patch", "delete"} or queried:
                responses.setdefault(
                    "400",
                    {
                        "description": "Refused: what was sent is not valid, or the change is "
                        "not possible (detail says why, in the reader's language).",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "anyOf": [
                                        {"$ref": "#/components/schemas/Error"},
                                        {"$ref": "#/components/schemas/ValidationError"},
                                    ]
                                }
                            }
                        },
                    },
                )
                responses.setdefault(
                    "409", {"description": "Changed by someone else meanwhile.", "content": error}
                )
    return result
