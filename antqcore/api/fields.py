"""Relation fields whose pickers offer only what the requesting user may set.

The browsable API draws a select of every choice of a relation field: for a unit or a zone that would list the
records of every district. These fields offer the user's reach (antqcore.scoping.reach_q) and the value the record
already has. They do not decide what is accepted: the write services do (antqcore.scoping.references_check), so that
the API refuses with the same message, on the same field, as the web forms and the imports."""

import datetime

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.relations import ManyRelatedField

from antqcore.scoping import reach_q


class ScopedChoicesMixin:
    def __init__(self, *, area_field: str | None = "area", above: bool = False, **kwargs):
        self.area_field, self.above = area_field, above
        super().__init__(**kwargs)

    def _current_pks(self) -> list:
        field = self.parent if isinstance(self.parent, ManyRelatedField) else self
        value = getattr(self.root, "instance", None)
        if value is None or isinstance(value, list | QuerySet):
            return []
        for attr in field.source_attrs:
            value = getattr(value, attr, None)
        if value is None:
            return []
        return list(value.values_list("pk", flat=True)) if hasattr(value, "values_list") else [value.pk]

    def get_choices(self, cutoff=None):
        queryset, request = self.get_queryset(), self.context.get("request")
        if queryset is None or request is None:
            return super().get_choices(cutoff)
        queryset = queryset.filter(reach_q(request.user, self.area_field, above=self.above)
                                   | Q(pk__in=self._current_pks()))
        if cutoff is not None:
            queryset = queryset[:cutoff]
        return {self.to_representation(item): self.display_value(item) for item in queryset}


class ScopedPrimaryKeyRelatedField(ScopedChoicesMixin, serializers.PrimaryKeyRelatedField):
    pass


TEXT_MAX_LENGTH = 10_000


class LimitedTextField(serializers.CharField):
    """The serializer field of a model's TextField (registered for every ModelSerializer by antqcore's app config):
    a free text (a description, notes, a reason) is at most TEXT_MAX_LENGTH characters unless the field says
    otherwise — a megabyte of text was accepted before. A longer text is refused naming the field."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", TEXT_MAX_LENGTH)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if self.max_length is not None and len(value) > self.max_length:
            raise serializers.ValidationError(
                _("%(field)s: at most %(max)s characters (%(length)s given).")
                % {"field": self.label, "max": self.max_length, "length": len(value)}, code="max_length")
        return value


EARLIEST = datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC)
LATEST = datetime.datetime(2101, 1, 1, tzinfo=datetime.UTC)


class RecordDateTimeField(serializers.DateTimeField):
    """The serializer field of a model's DateTimeField (registered like LimitedTextField): a moment of a record lies
    in 1900–2100. The year 313 was accepted and read back with the local mean time of the day, an offset that is
    not RFC 3339 (+07:06:40)."""

    def to_internal_value(self, value):
        moment = super().to_internal_value(value)
        if not EARLIEST <= moment < LATEST:
            raise serializers.ValidationError(_("Enter a date and time between 1900 and 2100."), code="out_of_range")
        return moment
