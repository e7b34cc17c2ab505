"""Ship-to-store pickups: arrival, notice, ID check and hand-over, send-back, and the hand-over
receipt. The screen's door is api.py.
"""
