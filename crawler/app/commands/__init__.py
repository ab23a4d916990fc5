"""CLI commands added by later work, one module each (registered in crawler/app/cli.py)."""
