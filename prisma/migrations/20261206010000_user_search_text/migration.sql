-- Written by hand (Prisma's schema cannot declare a generated column; the model declares the field
-- optional and never writes it). The admin searches for a user by part of the email or the
-- username: ILIKE on both columns case-folds every row it reads, which for a term of one or two
-- characters (no trigram to look up) is all of users — 70 ms for 100,000 users on our machine,
-- twice per list (page and total). One column lower-cased once, at write time, is searched with a
-- plain LIKE (11 ms for the same scan) and one trigram index serves terms of 3+ characters.
-- The newline between them is left out of every searched term (users/user-search.ts), so a term
-- never matches across the end of the email and the start of the username.
ALTER TABLE "users" ADD COLUMN "search_text" text GENERATED ALWAYS AS (lower("email") || E'\n' || lower("username")) STORED;
CREATE INDEX "users_search_text_trgm_idx" ON "users" USING gin ("search_text" gin_trgm_ops);

-- Served by users_search_text_trgm_idx now. users_email_trgm_idx stays: the audit log's actor filter
-- searches emails alone.
DROP INDEX "users_username_trgm_idx";
