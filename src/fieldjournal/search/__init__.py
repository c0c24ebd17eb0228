"""The Whoosh search index behind a small interface.

Depends on ``domain`` only: the services build ``IndexDocument`` records from the database
and hand them over; the index never reads the database itself. Importing this package
imports Whoosh (~300 ms), so the services import it lazily, off the start-up path.
"""
