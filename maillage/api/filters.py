"""The API lists' filters: django-filter, with ids that are whole numbers a database
column can hold (a number beyond 64 bits is a 400 with the field's message, never a
database error)."""

from django import forms
from django.db import models
from django.db.models import F
from django_filters import rest_framework as filters
from django_filters.fields import ModelChoiceField
from rest_framework.filters import OrderingFilter

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


class Ordering(OrderingFilter):
    """``?ordering=field`` (``-field`` descending) with the same answer on every database:
    rows without a value come last either way (SQLite puts them first going up,
    PostgreSQL first going down), and the row's id breaks ties, so that pages are
    stable."""

    def filter_queryset(self, request, queryset, view):
        ordering = self.get_ordering(request, queryset, view)
        if not ordering:
            return queryset
        terms = []
        for term in ordering:
            if isinstance(term, str):
                field = term.lstrip("-")
                terms.append(
                    F(field).desc(nulls_last=True)
                    if term.startswith("-")
                    else F(field).asc(nulls_last=True)
                )
            else:
                terms.append(term)
        if not {"pk", "-pk", "id", "-id"} & {t for t in ordering if isinstance(t, str)}:
            terms.append("pk")
        return queryset.order_by(*terms)
