"""The first start of a till that is not set up: the demo store, or joining the chain."""
