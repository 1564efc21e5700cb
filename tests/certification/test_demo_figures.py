import pytest
from collections import Counter
from units.demo import units_demo_seed
from units.models import Unit

pytestmark = pytest.mark.django_db


def test_explore():
    units_demo_seed()
    print(Counter(Unit.objects.values_list("managing_level", flat=True)))
    print(Counter((u.managing_level, u.started_on.year if u.started_on else None) for u in Unit.objects.all()).most_common(200))
    print(Unit.objects.filter(deleted_at__isnull=False).count(), Unit.objects.filter(dissolved_on__isnull=False).count())
    from antqcore.models import Area
    print([(a.code, a.kind, a.short_name, a.name) for a in Area.objects.filter(level="district", path__startswith="L.24.")][:30])
