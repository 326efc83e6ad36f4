"""The service layer: the use cases that the CLI, the demo and notebooks call."""
