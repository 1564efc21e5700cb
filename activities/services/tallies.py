"""(to be written: tallies services)"""
