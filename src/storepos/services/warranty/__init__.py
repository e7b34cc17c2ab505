"""storepos.services.warranty.claims"""
