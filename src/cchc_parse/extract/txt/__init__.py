"""Plain-text extraction: decode → lines → blocks (reader.py is the entry)."""
