import type { z } from 'zod';
import {
  conversationSeqSchema,
  roomJoinSchema,
  sendMessageEventSchema,
  syncRequestSchema,
  typingTargetSchema,
} from './chat';
import {
  type AckFailure,
  type heartbeatAckSchema,
  type okAckSchema,
  type readAckSchema,
  type roomJoinAckSchema,
  type sendMessageAckSchema,
  type syncAckSchema,
  type userRegisterAckSchema,
  chatConnectedSchema,
  conversationUpdatedSchema,
  messageDeliveredSchema,
  messageErrorSchema,
  messageReadSchema,
  messageReceivedSchema,
  presenceUpdateSchema,
  roomJoinedSchema,
  typingEventSchema,
} from './chatEvents';
import {
  type messageChangeAckSchema,
  deleteMessageEventSchema,
  editMessageEventSchema,
  messageUpdatedSchema,
  reactionEventSchema,
} from './messageChanges';
import { authRenewSchema, sessionEndedSchema } from './sessionEvents';
import { walletSyncSchema } from './wallet';
import {
  type walletSyncAckSchema,
  balanceUpdatedSchema,
  paymentNotificationSchema,
  transactionAddedSchema,
  walletConnectedSchema,
  walletUpdatedSchema,
} from './walletEvents';

/**
 * Every Socket.IO event name of the protocol, on `/chat` and `/wallet` (PROTOCOL.md "Socket.IO
 * `/chat`" and "Socket.IO `/wallet`"). Code names events through this table only; the typed maps
 * below say which namespace carries each one, in which direction, with which payload.
 */
export const SOCKET_EVENTS = {
  // `/chat`, server → client
  chatConnected: 'chat:connected',
  messageReceived: 'message:received',
  mediaReceived: 'media:received',
  messageDelivered: 'message:delivered',
  conversationUpdated: 'conversation:updated',
  presenceUpdate: 'presence:update',
  roomJoined: 'room:joined',
  messageError: 'message:error',
  messageUpdated: 'message:updated',
  // `/chat`, both ways (the payloads differ by direction)
  messageRead: 'message:read',
  typingStart: 'typing:start',
  typingStop: 'typing:stop',
  // `/chat`, client → server
  messageSend: 'message:send',
  messageAck: 'message:ack',
  roomJoin: 'room:join',
  sync: 'sync',
  messageEdit: 'message:edit',
  messageDelete: 'message:delete',
  reactionSet: 'reaction:set',
  // `/wallet`, server → client
  walletConnected: 'wallet:connected',
  balanceUpdated: 'balance:updated',
  transactionAdded: 'transaction:added',
  paymentNotification: 'payment:notification',
  walletUpdated: 'wallet:updated',
  // `/wallet`, client → server
  walletSync: 'wallet:sync',
  // both namespaces
  sessionEnded: 'session:ended',
  authRenew: 'auth:renew',
  heartbeat: 'heartbeat',
  userRegister: 'user:register',
} as const;
const E = SOCKET_EVENTS;

/**
 * The schema of each client event's payload, by event name: the server validates what comes off
 * the wire with it, once (`handleEvent`), and the maps below take each payload's type from it.
 * `heartbeat` and `user:register` take any payload and have none.
 */
export const CLIENT_EVENT_SCHEMAS = {
  [E.messageSend]: sendMessageEventSchema,
  [E.messageAck]: conversationSeqSchema,
  [E.messageRead]: conversationSeqSchema,
  [E.typingStart]: typingTargetSchema,
  [E.typingStop]: typingTargetSchema,
  [E.roomJoin]: roomJoinSchema,
  [E.sync]: syncRequestSchema,
  [E.messageEdit]: editMessageEventSchema,
  [E.messageDelete]: deleteMessageEventSchema,
  [E.reactionSet]: reactionEventSchema,
  [E.walletSync]: walletSyncSchema,
  [E.authRenew]: authRenewSchema,
} as const;
/** A client event whose payload has a schema. */
export type ValidatedClientEvent = keyof typeof CLIENT_EVENT_SCHEMAS;
type PayloadSchema<Event extends ValidatedClientEvent> = (typeof CLIENT_EVENT_SCHEMAS)[Event];

/** The ack callback of a client event: its success shape, or the protocol's ack failure. */
export type AckCallback<S extends z.ZodType> = (answer: z.output<S> | AckFailure) => void;
/** A client event sent with an ack: `payload` (as the client may send it) in, the ack back. */
type Request<Event extends ValidatedClientEvent, Answer extends z.ZodType> = (
  payload: z.input<PayloadSchema<Event>>,
  ack: AckCallback<Answer>,
) => void;

/** The payload a client event carries, as a client may send it (before defaults apply). */
export type PayloadOf<F> = F extends (payload: infer P, ...rest: never[]) => void ? P : never;
/** The success body (without `ok`) a server handler returns for a client event. */
export type AckBodyOf<F> = F extends (payload: never, ack: (answer: infer A) => void) => void
  ? Omit<Exclude<A, AckFailure>, 'ok'>
  : never;

/**
 * The schema of each server event's payload, by namespace and event name: the engine parses what
 * its socket receives with it, once, and the `…ServerToClient` maps take each payload's type from it.
 */
export const CHAT_SERVER_EVENT_SCHEMAS = {
  [E.sessionEnded]: sessionEndedSchema,
  [E.chatConnected]: chatConnectedSchema,
  [E.messageReceived]: messageReceivedSchema,
  [E.mediaReceived]: messageReceivedSchema,
  [E.messageDelivered]: messageDeliveredSchema,
  [E.messageRead]: messageReadSchema,
  [E.typingStart]: typingEventSchema,
  [E.typingStop]: typingEventSchema,
  [E.presenceUpdate]: presenceUpdateSchema,
  [E.conversationUpdated]: conversationUpdatedSchema,
  [E.roomJoined]: roomJoinedSchema,
  [E.messageError]: messageErrorSchema,
  [E.messageUpdated]: messageUpdatedSchema,
} as const;
export const WALLET_SERVER_EVENT_SCHEMAS = {
  [E.sessionEnded]: sessionEndedSchema,
  [E.walletConnected]: walletConnectedSchema,
  [E.balanceUpdated]: balanceUpdatedSchema,
  [E.transactionAdded]: transactionAddedSchema,
  [E.paymentNotification]: paymentNotificationSchema,
  [E.walletUpdated]: walletUpdatedSchema,
} as const;

/** Server events as Socket.IO's typed maps spell them: one payload argument, no ack. */
type Emits<Schemas extends Record<string, z.ZodType>> = {
  [Event in keyof Schemas]: (payload: z.output<Schemas[Event]>) => void;
};

/** Server → client on both namespaces. */
export type SharedServerToClient = Pick<Emits<typeof CHAT_SERVER_EVENT_SCHEMAS>, typeof E.sessionEnded>;

/** Client → server on both namespaces. `heartbeat` and `user:register` take any payload. */
export type SharedClientToServer = {
  [E.authRenew]: Request<typeof E.authRenew, typeof okAckSchema>;
  [E.heartbeat]: (payload: unknown, ack: AckCallback<typeof heartbeatAckSchema>) => void;
  [E.userRegister]: (payload: unknown, ack: AckCallback<typeof userRegisterAckSchema>) => void;
};

/** `/chat`, server → client: `socket.io`'s `Server<…, ChatServerToClient>`, the client's `Socket<ChatServerToClient, …>`. */
export type ChatServerToClient = Emits<typeof CHAT_SERVER_EVENT_SCHEMAS>;

/** `/chat`, client → server, each with its ack. */
export type ChatClientToServer = SharedClientToServer & {
  [E.messageSend]: Request<typeof E.messageSend, typeof sendMessageAckSchema>;
  [E.messageAck]: Request<typeof E.messageAck, typeof okAckSchema>;
  [E.messageRead]: Request<typeof E.messageRead, typeof readAckSchema>;
  [E.typingStart]: Request<typeof E.typingStart, typeof okAckSchema>;
  [E.typingStop]: Request<typeof E.typingStop, typeof okAckSchema>;
  [E.roomJoin]: Request<typeof E.roomJoin, typeof roomJoinAckSchema>;
  [E.sync]: Request<typeof E.sync, typeof syncAckSchema>;
  [E.messageEdit]: Request<typeof E.messageEdit, typeof messageChangeAckSchema>;
  [E.messageDelete]: Request<typeof E.messageDelete, typeof messageChangeAckSchema>;
  [E.reactionSet]: Request<typeof E.reactionSet, typeof messageChangeAckSchema>;
};

/** `/wallet`, server → client. */
export type WalletServerToClient = Emits<typeof WALLET_SERVER_EVENT_SCHEMAS>;

/** `/wallet`, client → server, each with its ack. */
export type WalletClientToServer = SharedClientToServer & {
  [E.walletSync]: Request<typeof E.walletSync, typeof walletSyncAckSchema>;
};
