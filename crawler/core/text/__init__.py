"""Shared text tools: written once here, imported everywhere else."""
