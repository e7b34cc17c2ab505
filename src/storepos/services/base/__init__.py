"""storepos.services.base"""
