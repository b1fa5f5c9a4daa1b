"""Claims: one record per VALUE from its best METRIC, REGION and DATE (SPEC section 6)."""
