"""jointchron: multi-agency chronologies for child safeguarding practice reviews."""
