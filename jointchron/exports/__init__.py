"""Writing the chronology for people: JSON, CSV, Excel, Word and Markdown."""
