"""(to be written: records selectors)"""
