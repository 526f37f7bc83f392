"""The API lists' filters: django-filter, with ids that are whole numbers a database
column can hold (a number beyond 64 bits is a 400 with the field's message, never a
database error)."""

from django import forms
from django.db import models
from django_filters import rest_framework as filters
from django_filters.fields import ModelChoiceField

MAX_ID = 2**63 - 1


class IdField(forms.IntegerField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class IdFilter(filters.NumberFilter):
    """A row's id (``?project=12``)."""

    field_class = IdField


class BoundedChoiceField(ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values:
            IdField().clean(value)
        return super().to_python(value)


class BoundedModelChoiceFilter(filters.ModelChoiceFilter):
    field_class = BoundedChoiceField


class FilterSet(filters.FilterSet):
    """Every FilterSet of the API: foreign keys named in ``filterset_fields`` are ids
    checked as such."""

    FILTER_DEFAULTS = {
        **filters.FilterSet.FILTER_DEFAULTS,
        models.ForeignKey: {
            **filters.FilterSet.FILTER_DEFAULTS[models.ForeignKey],
            "filter_class": BoundedModelChoiceFilter,
        },
        models.OneToOneField: {
            **filters.FilterSet.FILTER_DEFAULTS[models.OneToOneField],
            "filter_class": BoundedModelChoiceFilter,
        },
    }


class Backend(filters.DjangoFilterBackend):
    filterset_base = FilterSet


def dates(field, what):
    """``from`` and ``to`` filters, both days included, on the date ``field``."""
    return {
        "from": filters.DateFilter(
            field_name=field, lookup_expr="gte", label=f"{what} on or after (YYYY-MM-DD)"
        ),
        "to": filters.DateFilter(
            field_name=field, lookup_expr="lte", label=f"{what} on or before (YYYY-MM-DD)"
        ),
    }


def add(filterset, named):
    """Filters whose names Python keeps for itself (``from``), added after the class."""
    filterset.base_filters.update(named)
    return filterset
