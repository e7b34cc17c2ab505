"""storepos.services.cards"""
