"""The orientation catalogue: its structures and offers, as the public catalogue's pages
show them (anyone for a public collective, its members for a private one), with the
offers' criteria in words. A draft (unpublished) offer is seen only by the coordinators
and by the people of its structure, as on the catalogue's management pages.

Referrals are left out: they are job seekers' personal data, shown on pages to the
people who send and receive them, never as a list to read from elsewhere.
"""

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import get_language
from django_filters import rest_framework as filters
from rest_framework import serializers

from maillage.collectives.rules import organisations_of
from maillage.orientation.models import Need, Offer, OfferKind, Public, Structure
from maillage.orientation.services_catalogue import OFFER_FIELDS, STRUCTURE_FIELDS
from maillage.orientation.views_public_catalogue import criteria_in_words

from .base import SLUG, ReadOnly
from .filters import FilterSet, IdFilter

VIEW = "orientation.view_catalogue"
MANAGE = "orientation.manage_catalogue"


def structures_seen_whole(view):
    """What ``view``'s person sees beyond the published offers: everything (True) for
    the coordinators, the organisations whose structures' drafts they see (the people
    of a structure), or nothing (an empty set)."""
    actor = view.actor
    if actor.has_perm(MANAGE, view.collective):
        return True
    return organisations_of(actor, view.collective)


class StructureSerializer(serializers.ModelSerializer):
    class Meta:
        model = Structure
        # The catalogue form's fields (its organisation aside: who runs it), with the id
        # and the last check.
        fields = [
            "id",
            *(name for name in STRUCTURE_FIELDS if name != "organisation"),
            "last_checked_on",
        ]
        extra_kwargs = {
            "phone": {"help_text": "The structure's own number (not a person's)."},
            "email": {"help_text": "The structure's own address (not a person's)."},
        }


class StructureFilter(FilterSet):
    commune = filters.CharFilter(method="by_place", label="commune (part of its name) or postcode")

    class Meta:
        model = Structure
        fields = ["country"]

    def by_place(self, queryset, name, value):
        value = value.strip()
        if value.isdigit():
            return queryset.filter(postcode=value)
        return queryset.filter(commune__icontains=value)


class StructureViews(ReadOnly):
    """The catalogue's structures that have a published offer; the coordinators see every
    structure, the people of a structure see theirs too."""

    serializer_class = StructureSerializer
    queryset = Structure.objects.all()
    perms = {"default": VIEW}
    filterset_class = StructureFilter
    ordering_fields = ["name", "last_checked_on"]
    ordering = ["name", "pk"]

    def scope(self, queryset):
        whole = structures_seen_whole(self)
        if whole is True:
            return queryset
        shown = Exists(Offer.objects.filter(structure=OuterRef("pk"), published=True))
        return queryset.filter(shown | Q(organisation_id__in=whole))


class CriterionSerializer(serializers.Serializer):
    text = serializers.CharField(help_text="Who may get in, in words (the reader's language).")
    to_confirm = serializers.BooleanField(help_text="The service confirms it (not the tool).")


class StructureInOfferSerializer(serializers.ModelSerializer):
    class Meta:
        model = Structure
        fields = ["id", "name", "commune"]


class KnownChoices(serializers.ListField):
    """A list of choices, read as the public pages read it: values the catalogue does not
    know (an import's) are left out."""

    def to_representation(self, data):
        known = self.child.choices
        return [value for value in data or () if value in known]


class OfferSerializer(serializers.ModelSerializer):
    structure = StructureInOfferSerializer(read_only=True)
    needs = KnownChoices(
        child=serializers.ChoiceField(choices=Need.choices),
        help_text="Thématiques (data·inclusion's top-level ones).",
    )
    publics = KnownChoices(
        child=serializers.ChoiceField(choices=Public.choices),
        help_text="For whom (data·inclusion's publics).",
    )
    criteria = serializers.SerializerMethodField(help_text="The criteria to get in, in words.")

    class Meta:
        model = Offer
        # The offer form's fields, with what the catalogue shows about them.
        fields = [
            "uuid",
            *OFFER_FIELDS,
            "criteria",
            "structure",
            "published",
            "last_checked_on",
            "updated_at",
        ]

    def get_criteria(self, offer) -> CriterionSerializer(many=True):
        language = (get_language() or "fr").split("-")[0]
        return CriterionSerializer(criteria_in_words(offer, language), many=True).data


class OfferFilter(FilterSet):
    need = filters.ChoiceFilter(choices=Need.choices, method="by_need", label="thématique")
    public = filters.ChoiceFilter(
        choices=Public.choices, method="by_public", label="for whom (offers for everyone too)"
    )
    commune = filters.CharFilter(
        method="by_place",
        label="commune (part of its name) or postcode, the offer's or else its structure's",
    )
    kind = filters.ChoiceFilter(choices=OfferKind.choices)
    structure = IdFilter(field_name="structure_id", label="structure (its id)")
    remote = filters.BooleanFilter()
    published = filters.BooleanFilter(
        help_text="Drafts are seen by the coordinators and the structure's people only."
    )
    q = filters.CharFilter(method="by_words", label="words in the name, summary or description")

    class Meta:
        model = Offer
        fields = ["kind", "structure", "remote", "published"]

    def by_need(self, queryset, name, value):
        return queryset.filter(needs__icontains=f'"{value}"')

    def by_public(self, queryset, name, value):
        return queryset.filter(
            Q(publics__icontains=f'"{value}"') | Q(publics__icontains=f'"{Public.EVERYONE.value}"')
        )

    def by_place(self, queryset, name, value):
        place = value.strip()
        if place.isdigit():
            return queryset.filter(Q(postcode=place) | Q(postcode="", structure__postcode=place))
        return queryset.filter(
            Q(commune__icontains=place) | Q(commune="", structure__commune__icontains=place)
        )

    def by_words(self, queryset, name, value):
        for word in value.split()[:8]:
            queryset = queryset.filter(
                Q(name__icontains=word)
                | Q(summary__icontains=word)
                | Q(description__icontains=word)
                | Q(structure__name__icontains=word)
            )
        return queryset


class OfferViews(ReadOnly):
    """The catalogue's published offers, as the public search shows them, each with its
    criteria in words; drafts for the coordinators and the structure's people."""

    serializer_class = OfferSerializer
    queryset = Offer.objects.select_related("structure")
    collective_field = "structure__collective"
    perms = {"default": VIEW}
    filterset_class = OfferFilter
    lookup_field = "uuid"
    lookup_value_regex = "[0-9a-f-]{36}"
    ordering_fields = ["name", "updated_at", "last_checked_on"]
    ordering = ["structure__name", "name", "pk"]

    def scope(self, queryset):
        whole = structures_seen_whole(self)
        if whole is True:
            return queryset
        return queryset.filter(Q(published=True) | Q(structure__organisation_id__in=whole))


ROUTES = [
    (rf"{SLUG}/structures", StructureViews, "structure"),
    (rf"{SLUG}/offers", OfferViews, "offer"),
]
