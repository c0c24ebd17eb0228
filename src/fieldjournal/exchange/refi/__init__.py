"""REFI-QDA (QDA-XML 1.0) exchange: ``.qdpx`` projects and ``.qdc`` codebooks.

The package knows the format and nothing of the journal: services gather records into a
:class:`~fieldjournal.exchange.refi.model.Project`, the writer turns it into
``project.qde`` and source files, the container zips them; on the way in the container
reads an archive defensively and the reader turns its XML into the same model, with
offsets already moved onto the text as Fieldjournal stores it (LF, no BOM, code points).
"""
