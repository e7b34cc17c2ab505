"""Warranty claims: inspection, photos, a manager's decision (refund, replacement, credit, repair)
and the claim ticket. The screen's door is api.py.
"""
