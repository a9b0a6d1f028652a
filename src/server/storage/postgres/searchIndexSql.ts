/**
 * PostgreSQL migration 7 (migrations.ts): the full-text index of message text behind message
 * search (PROTOCOL.md "Search and jumping"; postgresSearch.ts queries it). Part of a migration
 * that has shipped once it has: never edit it. The index holds these functions' results, so a
 * different folding needs functions of new names (`_v2`) and a new index, in a new migration.
 *
 * Text is folded and split into words by our own SQL, the same for the index and for the terms
 * of a query, rather than by a text search configuration's parser: the default parser's idea of a
 * letter follows the database's locale (in a C-locale database every non-ASCII character is one,
 * so "hello😀" or "word،" would be single words; in others a script may not be). Steps:
 *
 * 1. `normalize(NFD)`, then the combining marks of the diacritic blocks removed: Latin, Greek and
 *    Cyrillic accents, Hebrew points, Arabic harakat, the kana voicing marks NFD splits off
 *    ("Café" → "Cafe", "كَتَبَ" → "كتب", "が" → "か"), as `foldForSearch` does in the server.
 * 2. Lower case by Unicode's rules: in the ICU root collation (`und-x-icu`), else glibc's
 *    `C.utf8`, else the database's own (a C-locale database with neither, a PostgreSQL built
 *    without ICU on a system without C.utf8, knows only ASCII letters: only they are searchable).
 * 3. Words: runs of letters and digits (`[:alnum:]` in that same collation, so Unicode's), plus
 *    every character of the Indic and South-East Asian blocks, whose vowel signs and viramas are
 *    marks inside words rather than accents (kept, so "हिन्दी" stays one word). Everything else
 *    (spaces, punctuation, symbols, emoji) separates words.
 *
 * Words over 2046 bytes are left out (a tsvector's lexemes are at most 2047 bytes, and an error
 * here would refuse the message's INSERT). The tsvector is built from the words directly
 * (`array_to_tsvector`, no positions: a search ANDs words, it needs no phrases), and the query
 * from the same words, each as a prefix (`:*`), ANDed.
 *
 * The GIN index is an expression index, not a stored column, so that the many `SELECT *` reads
 * of messages do not carry a tsvector along; it is partial (deleted messages never match).
 */
/** Migration 7's statements: the three functions (the first made for the collation found) and the GIN index. */
export const SEARCH_INDEX_SQL = `
  DO $migration$
  DECLARE
    -- Unicode-aware case mapping and character classes: ICU's root collation, else glibc's C.utf8.
    word_collation text := coalesce((
      SELECT quote_ident(collname) FROM pg_collation
      WHERE collname IN ('und-x-icu', 'C.utf8', 'C.UTF-8')
        AND collencoding IN (-1, pg_char_to_encoding('UTF8'))
      ORDER BY collname = 'und-x-icu' DESC, collname LIMIT 1), '"default"');
  BEGIN
    EXECUTE format($function$
      CREATE FUNCTION messenger_search_text_v1(content text) RETURNS text
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $body$
        SELECT regexp_replace(
          lower(regexp_replace(normalize(content, NFD),
            '[\\u0300-\\u036f\\u0483-\\u0489\\u0591-\\u05bd\\u05bf\\u05c1\\u05c2\\u05c4\\u05c5\\u05c7\\u0610-\\u061a\\u064b-\\u065f\\u0670\\u06d6-\\u06dc\\u06df-\\u06e4\\u06e7\\u06e8\\u06ea-\\u06ed\\u1ab0-\\u1aff\\u1dc0-\\u1dff\\u20d0-\\u20ff\\u3099\\u309a\\ufe20-\\ufe2f]',
            '', 'g') COLLATE %1$s),
          '[^[:alnum:]\\u0900-\\u0dff\\u0e00-\\u0eff\\u0f00-\\u0fff\\u1000-\\u109f\\u1780-\\u17ff]+' COLLATE %1$s,
          ' ', 'g')
      $body$
    $function$, word_collation);
  END
  $migration$;

  CREATE FUNCTION messenger_search_vector_v1(content text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT array_to_tsvector(ARRAY(
      SELECT word FROM regexp_split_to_table(messenger_search_text_v1(content), ' ') AS word
      WHERE word <> '' AND octet_length(word) <= 2046))
  $$;

  -- NULL when the words hold no letter or digit: nothing matches.
  CREATE FUNCTION messenger_search_query_v1(words text) RETURNS tsquery
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT string_agg(quote_literal(lexeme) || ':*', ' & ')::tsquery
    FROM unnest(messenger_search_vector_v1(words))
  $$;

  CREATE INDEX messages_search ON messages USING gin (messenger_search_vector_v1(content))
    WHERE deleted_at IS NULL;
`;
