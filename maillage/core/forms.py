"""What every view does with a form and a refused change."""

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
