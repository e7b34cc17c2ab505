"""The shared base every feature stands on: who is acting (context), the audit journal and its outbox,
numbers with check digits, stock, the scan field's resolver, order look-ups and the policy book.
"""
