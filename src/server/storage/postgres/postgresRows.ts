/** The conversation columns the port returns (not the change-tracking one), for `SELECT ... FROM conversations c`. */
export const CONVERSATION_COLUMNS = 'c.id, c.type, c.title, c.pair_key, c.last_seq, c.created_at, c.last_activity_at';
