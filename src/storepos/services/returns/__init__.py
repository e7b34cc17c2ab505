"""storepos.services.returns.complete"""
