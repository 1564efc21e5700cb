from antqcore.dataload import DataLoadCommand
from certification.criteria_data import CRITERIA_FILE


class Command(DataLoadCommand):
    spec = CRITERIA_FILE
    help = ("Load the recognition schemes and the criteria sets shipped in certification/data/criteria.yaml "
            "(Circular 23/2012/TT-BCA, Circular 124/2021/TT-BCA, the default drug-free set): creates what is "
            "missing and gives the rest the file's values, except what staff changed in the admin (unless --reset); "
            "deletes nothing. A province's own sets are left alone.")
