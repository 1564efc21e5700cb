"""(to be written: tallies demo)"""


def tallies_demo_seed():
    return None
