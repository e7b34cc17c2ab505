"""Returns and exchanges of an order: eligibility by the store's policy, the plan, completing it
(refunds, exchanges, store credit) and its receipts. The screen's door is api.py.
"""
