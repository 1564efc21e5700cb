"""(to be written: records services)"""
