"""Browsing orders (the Find orders screen): the most recent, or those matching a number, e-mail or
phone. The screen's door is api.py.
"""
