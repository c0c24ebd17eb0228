"""The entry editor: fields, body, coded passages, the inspector and earlier texts."""
