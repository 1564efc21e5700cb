"""(to be written: records figures)"""
