"""A built-in reader for Word 97-2003 binary documents (.doc), used when LibreOffice is not installed."""

from cchc_parse.extract.doc.reader import DocError, DocTimeout, NotWordDocument, doc_to_docx

__all__ = ["DocError", "DocTimeout", "NotWordDocument", "doc_to_docx"]
