"""storepos: the counter app for footwear stores."""

__version__ = "0.1.0"
