"""Persistence adapters: store settings, keys, recorders, the event mapper and batched reads."""
