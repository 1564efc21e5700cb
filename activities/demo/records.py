"""(to be written: records demo)"""


def records_demo_seed():
    return None
