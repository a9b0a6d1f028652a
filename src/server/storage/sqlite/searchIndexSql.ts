/**
 * SQLite migration 8 (migrations.ts): the full-text index of message text behind message search
 * (PROTOCOL.md "Search and jumping"; sqliteSearch.ts queries it). Part of a migration that has
 * shipped once it has: never edit it (a new tokenizer is a new table, in a new migration).
 *
 * An FTS5 table over the messages' own rows (external content: the text is not stored twice),
 * keyed by their rowid, which only grows (rows are never removed: a deletion empties `content`),
 * so rowid order is newest first. `conversation_id` is indexed too, so that a search in one
 * conversation intersects two lists instead of walking every match of a term elsewhere.
 *
 * The tokenizer, unicode61 with remove_diacritics 2, lower-cases, folds accents ("Café" is
 * indexed as "cafe") and splits words at spaces, punctuation and symbols. Its tables are those of
 * Unicode 6.1, where every emoji added since (🤔, 🥰, the skin tones 🏻–🏿) was unassigned and
 * so counts as a letter: "ok🤔" would be one word. The symbol and emoji blocks are therefore named
 * as separators too (`SYMBOL_BLOCKS`), whatever Unicode version assigned their characters.
 *
 * The triggers keep the index in step in the same transaction as the write: after an insert,
 * after a change of the text (an edit; a deletion, which empties it), after a row's removal.
 * 'rebuild' indexes the messages already stored. A VACUUM may renumber the rowids of a table
 * without an INTEGER PRIMARY KEY: after one, run the 'rebuild' statement below again.
 */

/** Code point ranges (inclusive) that separate words: Misc Technical, Misc Symbols, Dingbats, Misc Symbols and Arrows, and U+1F000–U+1FAFF (every emoji block). */
const SYMBOL_BLOCKS: readonly (readonly [number, number])[] = [
  [0x2300, 0x23ff],
  [0x2600, 0x27bf],
  [0x2b00, 0x2bff],
  [0x1f000, 0x1faff],
];

/** Every character of SYMBOL_BLOCKS, for the tokenizer's `separators` option (one string of them; no quote among them). */
const SEPARATORS = SYMBOL_BLOCKS.flatMap(([first, last]) =>
  Array.from({ length: last - first + 1 }, (_, offset) => String.fromCodePoint(first + offset)),
).join('');

/** Migration 8's statements: the FTS5 table, its three triggers, and the rebuild from the messages already stored. */
export const SEARCH_INDEX_SQL = `
  CREATE VIRTUAL TABLE message_search USING fts5(
    content, conversation_id,
    content = 'messages', content_rowid = 'rowid',
    tokenize = "unicode61 remove_diacritics 2 separators '${SEPARATORS}'"
  );
  CREATE TRIGGER message_search_insert AFTER INSERT ON messages BEGIN
    INSERT INTO message_search (rowid, content, conversation_id)
      VALUES (new.rowid, new.content, new.conversation_id);
  END;
  CREATE TRIGGER message_search_update AFTER UPDATE OF content, conversation_id ON messages BEGIN
    INSERT INTO message_search (message_search, rowid, content, conversation_id)
      VALUES ('delete', old.rowid, old.content, old.conversation_id);
    INSERT INTO message_search (rowid, content, conversation_id)
      VALUES (new.rowid, new.content, new.conversation_id);
  END;
  CREATE TRIGGER message_search_delete AFTER DELETE ON messages BEGIN
    INSERT INTO message_search (message_search, rowid, content, conversation_id)
      VALUES ('delete', old.rowid, old.content, old.conversation_id);
  END;
  INSERT INTO message_search (message_search) VALUES ('rebuild');
`;
