"""Pseudonymisation for every export: the replacer and an independent leak check.

``Pseudonymiser(rules).apply(text)`` replaces real names; ``LeakCheck(rules)`` looks for
them again with code of its own, in a text (``check_text``) or in every XML part of a
written document (``check_docx``); ``deliver`` writes a document only once it is clean.
"""
