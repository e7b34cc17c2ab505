"""A product scanned at the counter (the home screen's scan field): what it is, its policy tags in
words, and the recent orders that hold it, each one a return away. The screen's door is api.py.
"""
