"""Input: target expansion, readers for plain text and structured formats, reference document alignment."""
