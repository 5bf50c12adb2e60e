"""SQLite storage: tables, engine and pragmas, migrations, and conversion to domain records."""
