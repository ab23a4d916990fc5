"""Delivery: alerts and source-health notices to webhooks and email, from the
archive's outboxes (matching happens before storage: crawler/core/rules)."""
