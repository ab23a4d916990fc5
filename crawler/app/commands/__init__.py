"""The CLI commands, one module each (registered in crawler/app/cli.py)."""
