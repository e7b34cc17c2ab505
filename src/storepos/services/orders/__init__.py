"""storepos.services.orders"""
