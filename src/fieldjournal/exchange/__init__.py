"""Read and write formats: JSON Lines exchange, DOCX chapters and reports."""
