"""The Day screen: open the till with its float, pay in and out, the X report, count and close."""
