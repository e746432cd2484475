"""Word .docx extraction: package → numbering and styles → paragraphs and tables (reader.py is the entry)."""
