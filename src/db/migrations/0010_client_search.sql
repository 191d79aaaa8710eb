-- Typo- and accent-tolerant client search (trigram similarity over unaccented, lower-cased names).
-- Both extensions are "trusted": the database owner may create them on a server; PGlite loads them.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
-- unaccent() is only STABLE (its dictionary could change); naming the dictionary makes it safe to
-- index, which is what Vellum needs: 'Müller' and 'Muller', 'Zoë' and 'Zoe' fold to the same text.
CREATE FUNCTION vellum_fold(value text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT lower(public.unaccent('public.unaccent'::regdictionary, coalesce(value, '')))
$$;
--> statement-breakpoint
CREATE INDEX client_name_trgm ON client USING gin (vellum_fold(first_name || ' ' || last_name) gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX client_phone_digits ON client (regexp_replace(coalesce(phone, ''), '[^0-9]', '', 'g'));
