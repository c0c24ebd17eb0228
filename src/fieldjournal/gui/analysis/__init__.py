"""The Analysis window: the fieldwork's views as charts and tables, each mark leading to
the entries behind it."""
