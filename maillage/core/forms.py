"""What every view does with a form and a refused change; the client key of a form."""

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from .errors import DomainError


def form_data(request):
    """The submitted data on POST, None otherwise (so a GET shows an unbound form)."""
    return request.POST if request.method == "POST" else None


def add_domain_error(form, exc, fields=None):
    """Show a service's DomainError on the form: on its field when the form has it
    (``fields`` maps a service's field name to the form's), else above the form."""
    field = (fields or {}).get(exc.field, exc.field)
    form.add_error(field if field in form.fields else None, exc.message)


def refusal(form):
    """An invalid form's first error as a DomainError, for views that show a form's
    refusals and a service's the same way."""
    field, errors = next(iter(form.errors.items()))
    return DomainError(errors[0], field=None if field == "__all__" else field)


class ClientKeyField(forms.UUIDField):
    """The key of one sending of a form, hidden: a fresh UUID each time the form is
    shown empty; the one sent when it is shown again with an error (a fresh one when
    that one was malformed). The service finds what a key already made for the same
    author, so a form sent twice (a lost answer, a retry) makes one row: a note, a
    registration, a booking."""

    widget = forms.HiddenInput
    default_error_messages = {
        "invalid": gettext_lazy(
            "This form was damaged on its way and nothing was saved. Send it again."
        )
    }

    def __init__(self, **kwargs):
        super().__init__(required=False, initial=uuid.uuid4, **kwargs)

    def bound_data(self, data, initial):
        try:
            return self.to_python(data) or initial
        except ValidationError:
            return initial


class ClientKeyForm(forms.Form):
    """A form with its ``client_key``; a malformed key is said above the form (a
    hidden field has no place to show its error)."""

    client_key = ClientKeyField()

    def clean(self):
        cleaned = super().clean()
        errors = self.errors.pop("client_key", None)
        if errors:
            self.add_error(None, errors)
        return cleaned
