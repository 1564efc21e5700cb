"""(to be written: tallies figures)"""
