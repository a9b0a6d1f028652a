/**
 * Stored functions for the writes every message repeats, so each costs one round trip to the
 * database instead of four or five (BEGIN, the statements, COMMIT): on a busy server those round
 * trips' system calls were most of its time. They run the same statements as before, in the
 * same order and with the same locks; in READ COMMITTED each statement of a VOLATILE function
 * takes a fresh snapshot, as the statements of a transaction did, so a statement that runs after
 * a lock still sees every change committed before the lock was granted.
 *
 * The SQL lives here, in the code, and `installRoutines` recreates the functions at every start
 * (under the migrations' lock). A change to their behaviour must also change their names' `_v1`,
 * so instances of two versions running at once each call their own.
 */

/**
 * Takes the next `seq` and stores the message in one statement. The UPDATE of the conversation
 * row is the lock that orders appends to one conversation across every server (gap-free `seq`);
 * it also stamps the change (`changed_xid`) and the members' copy of `last_activity_at`. It does
 * nothing when the sender already used this client id (committed before this statement).
 * `bumped` without `seq`: a concurrent send with the same client id won after the check.
 */
const APPEND_SQL = `
  WITH next AS (
    UPDATE conversations
    SET last_seq = last_seq + 1, last_activity_at = greatest(last_activity_at, $7),
        changed_xid = pg_current_xact_id()
    WHERE id = $2 AND NOT EXISTS (
      SELECT 1 FROM messages WHERE $3::text IS NOT NULL AND sender_id = $4 AND client_id = $3)
    RETURNING last_seq, last_activity_at
  ), touched AS (
    UPDATE conversation_members m SET last_activity_at = next.last_activity_at
    FROM next WHERE m.conversation_id = $2 AND m.last_activity_at <> next.last_activity_at
  ), stored AS (
    INSERT INTO messages
      (id, conversation_id, seq, client_id, sender_id, content, message_type, created_at, transaction_id)
    SELECT $1, $2, next.last_seq, $3, $4, $5, $6, $7, $8 FROM next
    ON CONFLICT DO NOTHING
    RETURNING seq
  )
  SELECT (SELECT last_seq FROM next) AS bumped, (SELECT seq FROM stored) AS seq`;

/**
 * A message is delivered (read) once no member other than its sender is still behind it. The
 * member moving ($2) has just passed every message up to $3; the others' cursors are as the
 * statement's snapshot has them. `moved` holds the mover's cursors as they were.
 */
const behind = (cursor: 'read_seq' | 'delivered_seq') => `NOT EXISTS (
  SELECT 1 FROM conversation_members other WHERE other.conversation_id = $1
    AND other.user_id <> messages.sender_id AND other.user_id <> $2 AND other.${cursor} < messages.seq)`;
const NOW_DELIVERED = `messages.delivered_at IS NULL AND messages.seq > moved.delivered_seq AND ${behind('delivered_seq')}`;
const NOW_READ = `messages.read_at IS NULL AND messages.seq > moved.read_seq AND ${behind('read_seq')}`;

/** Moves one member's cursor ($1 conversation, $2 user, $3 seq) and stamps what it passed at $4; returns the cursors as they were, no row when it did not move. */
function advanceSql(kind: 'read' | 'delivered'): string {
  const set = kind === 'read' ? 'read_seq = $3, delivered_seq = greatest(m.delivered_seq, $3)' : 'delivered_seq = $3';
  const stamps =
    kind === 'read'
      ? `delivered_at = CASE WHEN ${NOW_DELIVERED} THEN $4 ELSE messages.delivered_at END,
         read_at = CASE WHEN ${NOW_READ} THEN $4 ELSE messages.read_at END`
      : `delivered_at = $4`;
  const which = kind === 'read' ? `((${NOW_DELIVERED}) OR (${NOW_READ}))` : NOW_DELIVERED;
  // The self-join returns the cursors as they were before this UPDATE.
  return `
    WITH moved AS (
      UPDATE conversation_members m SET ${set}
      FROM conversation_members was
      WHERE m.conversation_id = $1 AND m.user_id = $2 AND m.${kind}_seq < $3
        AND was.conversation_id = m.conversation_id AND was.user_id = m.user_id
      RETURNING was.read_seq, was.delivered_seq
    ), stamped AS (
      UPDATE messages SET ${stamps}
      FROM moved
      WHERE messages.conversation_id = $1 AND messages.seq <= $3 AND ${which}
    )
    SELECT read_seq, delivered_seq FROM moved`;
}

/** Appends a message and moves its sender's read cursor onto it: `SELECT * FROM APPEND_MESSAGE(...)`. */
export const APPEND_MESSAGE = 'messenger_append_message_v1';
/** Moves one member's cursor, locking the conversation first: `SELECT * FROM MOVE_CURSOR(...)`. */
export const MOVE_CURSOR = 'messenger_move_cursor_v1';

/** The function bodies run the statements above through EXECUTE, so their text is written once. */
const quoted = (sql: string) => {
  if (sql.includes('$sql$')) throw new Error('statement text must not contain $sql$');
  return `$sql$${sql}$sql$`;
};

/**
 * Creates (or replaces) the functions. `APPEND_MESSAGE(id, conversation_id, client_id, sender_id,
 * content, message_type, created_at, transaction_id)` returns one row `{seq, moved, read_seq,
 * delivered_seq}` (the sender's cursors as they were; `moved` false when the sender's read
 * cursor was already there) or, when nothing was appended (the client id was used before, or no
 * such conversation), no row. A concurrent send that took the same client id after this one's
 * check raises serialization_failure (40001): the whole statement, `seq` included, is undone and
 * the caller runs it again, which then finds the original. `MOVE_CURSOR(kind, conversation_id,
 * user_id, seq, at)` returns the member's cursors as they were, or no row when it did not move
 * (then nothing is stamped as changed).
 */
export const ROUTINES_SQL = `
  CREATE OR REPLACE FUNCTION ${APPEND_MESSAGE}(
    p_id text, p_conversation_id text, p_client_id text, p_sender_id text, p_content text,
    p_message_type text, p_created_at text, p_transaction_id text)
  RETURNS TABLE (seq bigint, moved boolean, read_seq bigint, delivered_seq bigint)
  LANGUAGE plpgsql VOLATILE AS $fn$
  DECLARE
    v_bumped bigint;
    v_seq bigint;
    v_moved integer;
  BEGIN
    EXECUTE ${quoted(APPEND_SQL)} INTO v_bumped, v_seq
      USING p_id, p_conversation_id, p_client_id, p_sender_id, p_content, p_message_type, p_created_at, p_transaction_id;
    IF v_seq IS NULL THEN
      IF v_bumped IS NOT NULL THEN
        RAISE EXCEPTION 'a concurrent send used the same client id' USING ERRCODE = '40001';
      END IF;
      RETURN;
    END IF;
    -- Sending marks the conversation read for its sender up to this message.
    EXECUTE ${quoted(advanceSql('read'))} INTO read_seq, delivered_seq
      USING p_conversation_id, p_sender_id, v_seq, p_created_at;
    GET DIAGNOSTICS v_moved = ROW_COUNT;
    seq := v_seq;
    moved := v_moved > 0;
    RETURN NEXT;
  END
  $fn$;

  CREATE OR REPLACE FUNCTION ${MOVE_CURSOR}(
    p_kind text, p_conversation_id text, p_user_id text, p_seq bigint, p_at text)
  RETURNS TABLE (read_seq bigint, delivered_seq bigint)
  LANGUAGE plpgsql VOLATILE AS $fn$
  BEGIN
    -- The lock first: the advance's snapshot, taken after it, has every other member's cursor.
    PERFORM 1 FROM conversations WHERE id = p_conversation_id FOR NO KEY UPDATE;
    IF p_kind = 'read' THEN
      RETURN QUERY EXECUTE ${quoted(advanceSql('read'))} USING p_conversation_id, p_user_id, p_seq, p_at;
    ELSE
      RETURN QUERY EXECUTE ${quoted(advanceSql('delivered'))} USING p_conversation_id, p_user_id, p_seq, p_at;
    END IF;
    IF FOUND THEN
      UPDATE conversations SET changed_xid = pg_current_xact_id() WHERE id = p_conversation_id;
    END IF;
  END
  $fn$;`;
