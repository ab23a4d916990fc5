"""Commands added to `rasad` beyond the foundation's (one module each)."""
