"""What the source words mean: bilingual dictionaries read from the user's system and a lexical alignment
of each segment pair built on them. Detectors import this package; it imports no detector."""
