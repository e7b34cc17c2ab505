"""storepos.services.staff"""
