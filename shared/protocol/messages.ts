/**
 * The y-websocket wire protocol, as spoken between `/sync/:boardId` and y-websocket's WebsocketProvider.
 *
 * Every frame is binary: a varUint message type, then a type-specific payload.
 *   0 sync       varUint subtype (0 step 1: state vector, 1 step 2: update, 2 update) + varUint8Array
 *   1 awareness  varUint8Array (y-protocols awareness update)
 *   2 auth       server -> client only (unused here; we close with a code instead)
 *   3 query      client asks for every awareness state; no payload
 *
 * Close codes 4400-4499 tell y-websocket's provider not to reconnect: the same request would fail again.
 */
export const MessageType = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
} as const;
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

export const SyncMessageType = {
  step1: 0,
  step2: 1,
  update: 2,
} as const;
export type SyncMessageType = (typeof SyncMessageType)[keyof typeof SyncMessageType];

export const CloseCode = {
  /** Server shutting down: the client should reconnect to the next instance. */
  goingAway: 1001,
  /** Frame over the configured size limit (sent by the ws layer itself). */
  tooLarge: 1009,
  /** Storage or another server fault; the client retries. */
  internalError: 1011,
  /** A frame that does not decode, or an unknown message type. */
  badMessage: 4400,
  /** Missing or wrong token. */
  unauthorized: 4401,
  /** A change this connection may not make (role, phase, lock, another participant's note). */
  forbidden: 4403,
  /** No board with that id. */
  notFound: 4404,
  /** The client cannot keep up with what the room sends it. */
  slowConsumer: 4408,
  /** Too many refused tokens from this address: wait before trying again. */
  tooManyRequests: 4429,
  /** An update that Yjs rejects. */
  badUpdate: 4422,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];
