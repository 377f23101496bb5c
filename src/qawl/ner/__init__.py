"""Arabic named entities: a BiLSTM-CRF (run in NumPy) trained on ANERcorp, NewsFANE and Wojood,
a title CRF, and gazetteers.

    from qawl.ner import find_mentions, load_tagger, canonical_name

``load_tagger()`` loads the shipped model once (no network); ``find_mentions(text)`` returns
PER/ORG/GPE/LOC mentions (and TITLE spans) with offsets into the untouched text.
See MODEL_CARD.md in this folder for the data, licences and scores.
"""

from __future__ import annotations

from qawl.ner.mentions import find_mentions
from qawl.ner.normalize import canonical_name
from qawl.ner.tagger import ModelError, Tagger, load_tagger, load_title_tagger

__all__ = ["find_mentions", "load_tagger", "load_title_tagger", "canonical_name", "Tagger", "ModelError"]
