"""The actor register: the table, an actor's entries and the actor form."""
