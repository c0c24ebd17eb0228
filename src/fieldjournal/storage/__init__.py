"""SQLite storage: typed models, the engine with its pragmas, repositories, migrations."""
