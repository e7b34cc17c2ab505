"""storepos.services.sync"""
