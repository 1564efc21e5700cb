"""(to be written: tallies selectors)"""
