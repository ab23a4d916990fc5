"""CLI commands added after the foundation, one module each (registered in crawler/cli.py)."""
