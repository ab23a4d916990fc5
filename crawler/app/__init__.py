"""Application layer: the CLI and its commands, the crawl runner, the scheduler
and the demo. Imports every layer below it; nothing imports it."""
