"""PDF extraction: text layer → lines → paragraphs and tables (reader.py is the entry)."""
