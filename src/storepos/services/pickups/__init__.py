"""storepos.services.pickups.status"""
