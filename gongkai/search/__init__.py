"""Full-text search over published texts: one tokeniser, SQLite FTS5 or PostgreSQL tsvector."""
