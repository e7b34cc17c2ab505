"""Gift cards and store credit: check, sell, redeem; a customer's store credit and its history."""
