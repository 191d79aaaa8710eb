/**
 * The one catalogue of errors a Vellum service may throw. Each kind maps to exactly one HTTP status
 * in `problem.ts`; services never choose status codes themselves.
 */
export type FieldProblem = { field: string; message: string };

export abstract class AppError extends Error {
  abstract readonly code:
    | 'invalid'
    | 'unauthenticated'
    | 'forbidden'
    | 'not_found'
    | 'conflict'
    | 'too_many'
    | 'unavailable';
}

/** Input that breaks a rule; names the fields. Nothing was written. */
export class Invalid extends AppError {
  readonly code = 'invalid' as const;
  constructor(
    message: string,
    readonly fields: FieldProblem[] = [],
  ) {
    super(message);
  }
}

export class Unauthenticated extends AppError {
  readonly code = 'unauthenticated' as const;
}

export class Forbidden extends AppError {
  readonly code = 'forbidden' as const;
}

/** Also what an actor gets for an object they may not see: never reveal that it exists. */
export class NotFound extends AppError {
  readonly code = 'not_found' as const;
  constructor(message = 'not found') {
    super(message);
  }
}

/** The request clashes with the current state; `details` become extension members of the problem. */
export class Conflict extends AppError {
  readonly code = 'conflict' as const;
  constructor(
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export class TooMany extends AppError {
  readonly code = 'too_many' as const;
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** Something Vellum depends on (the photo store) does not answer now; nothing was written. Try again later. */
export class Unavailable extends AppError {
  readonly code = 'unavailable' as const;
}
