"""`storepos demo`: a realistic, deterministic demo chain in a local database."""

from storepos.demo.generate import (
    DEFAULT_ORDERS,
    DemoDataExists,
    DemoSummary,
    existing_rows,
    generate_demo,
    sample_lookups,
)
from storepos.demo.reference import DemoEmployee

__all__ = [
    "DEFAULT_ORDERS", "DemoDataExists", "DemoEmployee", "DemoSummary", "existing_rows",
    "generate_demo", "sample_lookups",
]
