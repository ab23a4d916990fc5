"""Base layer: config models, items, defaults, stat keys and the Arabic text
tools every other package imports. Imports nothing of Rasad above it."""
