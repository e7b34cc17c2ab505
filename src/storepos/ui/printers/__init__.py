"""The manager's Printers screen: this till's printers, how each is reached, their status, a test
page, and which printer takes which document."""
