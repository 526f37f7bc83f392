"""Errors as JSON, in the reader's language: ``{"detail": "…"}``, with ``field`` and
``code`` when a service refused a change."""

from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from maillage.core.errors import ConflictError, DomainError


def handle(exc, context):
    if isinstance(exc, DomainError):
        body = {"detail": str(exc.message)}
        if exc.field:
            body["field"] = exc.field
        if exc.code:
            body["code"] = exc.code
        code = status.HTTP_409_CONFLICT if isinstance(exc, ConflictError) else 400
        return Response(body, status=code)
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        response = exception_handler(exc, context)
        return response
    return exception_handler(exc, context)
