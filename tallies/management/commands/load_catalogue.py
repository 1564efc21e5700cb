from antqcore.dataload import DataLoadCommand
from tallies.catalogue import CATALOGUE


class Command(DataLoadCommand):
    spec = CATALOGUE
    help = ("Load the tallies' catalogue (indicators, reporting bodies and their data sets) from "
            "tallies/data/catalogue.yaml: creates what is missing and gives the rest (found by code) the file's "
            "values, except what staff changed in the admin (unless --reset); deletes nothing, and keeps the "
            "indicators the admin added to a body's data set. Run it after `load_areas`: a body whose area is not "
            "loaded is skipped.")
