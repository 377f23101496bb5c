"""English: reporting verbs, role nouns, quotation marks and the quote finder."""
