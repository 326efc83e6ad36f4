"""Charts and the HTML review pack, built only from projection queries."""
