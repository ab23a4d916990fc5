"""Rasad: scheduled news monitoring for Arabic-language Syria news."""

__version__ = "0.1.0"
