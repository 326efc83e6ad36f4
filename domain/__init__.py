"""The review's language: aggregates, their events and value objects. No I/O."""
