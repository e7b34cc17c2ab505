"""Gift cards and store credit: the append-only ledger, spending through the card gate, the
customers store credit belongs to, and the slips a sale leaves. The screen's door is api.py.
"""
