-- drizzle-kit does not emit CREATE EXTENSION: the trigram index on contacts needs it first.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
