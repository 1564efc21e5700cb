from django.core.management.base import BaseCommand

from certification.criteria_data import criteria_load
from certification.models import CriteriaSet, Criterion, Scheme


class Command(BaseCommand):
    help = ("Load (or refresh) the recognition schemes and the criteria sets shipped in certification/data/"
            "criteria.yaml: Circular 23/2012/TT-BCA, Circular 124/2021/TT-BCA and the default drug-free set. "
            "Safe to run again; a province's own sets are left alone.")

    def handle(self, *args, **options):
        counts = criteria_load(scheme_model=Scheme, set_model=CriteriaSet, criterion_model=Criterion)
        self.stdout.write(f"New: {counts['schemes']} schemes, {counts['sets']} criteria sets, "
                          f"{counts['criteria']} criteria.")
