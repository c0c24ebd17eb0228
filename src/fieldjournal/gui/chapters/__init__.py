"""The chapter editor: outline, prose, excerpt sources, preview and DOCX export."""
