/** A user-facing query error (bad index, bad range, bad search); the message reaches the client. */
export class QueryError extends Error {}
