"""storepos.services.printing"""
