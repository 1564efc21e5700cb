"""Lists that cost little per row (issue #20 part 2): the same JSON as DRF's serializers, planned once a page.

DRF writes a record by walking its serializer's fields and, for each, asking `field.get_attribute(instance)` (a
generic lookup through dotted sources, mappings, callables and exceptions) and then `field.to_representation()`.
On a page of 50 units of 36 fields that is 1.800 generic lookups — most of the 5–6 ms a page spent in Python.

`RowPlan` decides once per page, for each field, how to read it:

- a plain column of the serializer's model (`name`, `kind`, `staff_count`): read the attribute; a value already of
  the field's output type (a `str` for a CharField or a ChoiceField whose choices are text, an `int` for an
  IntegerField, a `bool` for a BooleanField) is the output as it is; anything else goes through the field's own
  `to_representation()`;
- a foreign key written as its id (`commune`): the `commune_id` column, no lookup of the related record (what DRF's
  "pk only" optimisation does, without its wrapper object);
- a nested serializer over a foreign key (`commune_detail`): the related record (from `select_related`) written
  by its own plan;
- every other field (dotted sources, methods, many-to-many, custom fields): exactly DRF's steps.

The plan of a serializer class is made once per thread (`plan_of`) and bound to each request's list for its context.
A serializer or field class that overrides `to_representation()` is honoured: its records take DRF's way. Tests
(tests/antqcore/test_api_listing.py) compare every list endpoint's JSON with DRF's own serialisation.
"""

import operator
import threading

from django.db import models
from rest_framework import serializers
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject, PrimaryKeyRelatedField

# Field classes whose to_representation() leaves a value of this type as it is (CharField: str(value); IntegerField:
# int(value); BooleanField: True/False for a bool; ChoiceField: the choice of that text, the text itself).
_SAME = {
    serializers.CharField.to_representation: (str,),
    serializers.IntegerField.to_representation: (int,),
    serializers.BooleanField.to_representation: (bool,),
}
_GENERIC, _ATTRIBUTE, _NESTED = 0, 1, 2


def _model_field(model, name: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - FieldDoesNotExist, or a reverse relation's name: DRF's way
        return None


def _plain_serializer(serializer) -> bool:
    return (isinstance(serializer, serializers.Serializer)
            and type(serializer).to_representation is serializers.Serializer.to_representation)


def _same_types(field) -> tuple:
    method = type(field).to_representation
    if method is serializers.ChoiceField.to_representation:
        choices = field.choice_strings_to_values
        return (str,) if all(type(key) is str and choices[key] == key for key in choices) else ()
    return _SAME.get(method, ())


class RowPlan:
    """How to write one serializer's records; `plan(instance)` returns what `serializer.to_representation(instance)`
    would. Built for a serializer whose fields are bound (per request: it holds the request's context)."""

    def __init__(self, serializer):
        meta = getattr(serializer, "Meta", None)
        self.model = getattr(meta, "model", None)
        self.serializer = serializer
        self.steps = [self._step(field) for field in serializer._readable_fields]

    def _step(self, field):
        name = field.field_name
        attrs = field.source_attrs
        model_field = _model_field(self.model, attrs[0]) if len(attrs) == 1 else None
        if _plain_serializer(field):
            if model_field is not None and model_field.concrete and (model_field.many_to_one
                                                                     or model_field.one_to_one):
                return (name, _NESTED, operator.attrgetter(attrs[0]), RowPlan(field), field)
            return (name, _GENERIC, None, RowPlan(field), field)
        if model_field is None or not model_field.concrete:
            return (name, _GENERIC, None, None, field)
        if model_field.is_relation:
            if (isinstance(field, PrimaryKeyRelatedField) and field.use_pk_only_optimization()
                    and field.pk_field is None and (model_field.many_to_one or model_field.one_to_one)):
                return (name, _ATTRIBUTE, operator.attrgetter(model_field.attname), (int,), field)
            return (name, _GENERIC, None, None, field)
        return (name, _ATTRIBUTE, operator.attrgetter(model_field.attname), _same_types(field), field)

    def __call__(self, instance):
        if self.model is not None and type(instance) is not self.model:
            return self.serializer.to_representation(instance)
        row = {}
        for name, kind, get, how, field in self.steps:
            if kind == _ATTRIBUTE:
                value = get(instance)
                if value is None:
                    row[name] = None
                elif type(value) in how:
                    row[name] = value
                elif isinstance(field, PrimaryKeyRelatedField):
                    row[name] = field.to_representation(PKOnlyObject(pk=value))
                else:
                    row[name] = field.to_representation(value)
            elif kind == _NESTED:
                value = get(instance)
                row[name] = None if value is None else how(value)
            else:
                try:
                    attribute = field.get_attribute(instance)
                except SkipField:
                    continue
                check_for_none = attribute.pk if isinstance(attribute, PKOnlyObject) else attribute
                if check_for_none is None:
                    row[name] = None
                elif how is not None:
                    row[name] = how(attribute)
                else:
                    row[name] = field.to_representation(attribute)
        return row


_PLANS = threading.local()


def plan_of(list_serializer) -> RowPlan:
    """The RowPlan of the list's child class, made once per thread: building a ModelSerializer's fields inspects its
    model every time (1 ms for a unit's 36 fields), and what a field writes does not depend on the request. The plan's
    serializer is bound to this list, so that its fields read this request's context (a method field's user)."""
    plans = _PLANS.__dict__.setdefault("plans", {})
    plan = plans.get(type(list_serializer.child))
    if plan is None:
        plan = plans[type(list_serializer.child)] = RowPlan(list_serializer.child)
    plan.serializer.parent = list_serializer
    return plan


class RowPlanListSerializer(serializers.ListSerializer):
    """A ListSerializer that writes its records by a RowPlan of its child, when the child is a plain Serializer."""

    def to_representation(self, data):
        iterable = data.all() if isinstance(data, models.manager.BaseManager) else data
        if not _plain_serializer(self.child):
            return super().to_representation(data)
        plan = plan_of(self)
        return [plan(item) for item in iterable]
