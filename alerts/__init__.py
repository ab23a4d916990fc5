"""Alert rules, the matcher, and delivery of alerts to webhooks and email."""
