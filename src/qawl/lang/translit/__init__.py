"""Arabic<->Latin name transliteration data (see SOURCES.md)."""
