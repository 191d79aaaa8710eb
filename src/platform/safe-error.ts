/**
 * What an error may say in a log. A failed query's message carries its SQL *and its parameters*
 * (Drizzle: "Failed query: … params: …"), and PostgreSQL's detail quotes the row ("Failing row
 * contains (…)", "Key (email)=(…) already exists"): a client's name, birth date, e-mail, phone. So
 * a database error is logged by its SQL state, constraint, table and column only, and no error's
 * message or stack may carry an e-mail address. Logs never hold personal data (SECURITY.md).
 *
 * Used as pino's `err` serializer for every log line (app.ts), so `log.error({ err })` anywhere is
 * safe. Changing this needs the log test in `safe-error.test.ts` to stay green.
 */
export type SafeError = {
  type: string;
  sqlState?: string;
  constraint?: string;
  table?: string;
  column?: string;
  /** For a database error, a fixed text naming its SQL state; never the query's own message. */
  message: string;
  stack: string;
};

type PostgresFields = { code: string; constraint?: string; table?: string; column?: string };

const EMAIL = /[^\s"'<>(),;:]+@[^\s"'<>(),;:]+/g;
const MAX_CAUSES = 5;

export function safeError(error: unknown): SafeError {
  if (!(error instanceof Error)) return { type: typeof error, message: '(not an Error)', stack: '' };
  const database = postgresErrorIn(error);
  if (database) {
    return {
      type: error.name,
      sqlState: database.code,
      ...(database.constraint ? { constraint: database.constraint } : {}),
      ...(database.table ? { table: database.table } : {}),
      ...(database.column ? { column: database.column } : {}),
      message: `database error ${database.code}`,
      stack: framesOnly(error.stack),
    };
  }
  if (isFailedQuery(error)) {
    // A query that failed without a PostgreSQL error (connection lost, …): where, not what.
    return { type: error.name, message: 'query failed', stack: framesOnly(error.stack) };
  }
  return {
    type: error.name,
    message: error.message.replaceAll(EMAIL, '[e-mail]'),
    stack: (error.stack ?? '').replaceAll(EMAIL, '[e-mail]'),
  };
}

/** The PostgreSQL error (server or PGlite) that caused this one, if any. */
function postgresErrorIn(error: Error): PostgresFields | undefined {
  let current: unknown = error;
  for (let depth = 0; depth <= MAX_CAUSES && current instanceof Error; depth++) {
    const fields = current as Partial<PostgresFields> & { severity?: unknown };
    if (
      typeof fields.code === 'string' &&
      /^[0-9A-Z]{5}$/.test(fields.code) &&
      fields.severity !== undefined
    ) {
      return fields as PostgresFields;
    }
    current = current.cause;
  }
  return undefined;
}

function isFailedQuery(error: Error): boolean {
  return error.name === 'DrizzleQueryError' || error.message.startsWith('Failed query');
}

/** The stack's "at …" lines: where it failed, without the message above them. */
function framesOnly(stack: string | undefined): string {
  return (stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .join('\n');
}
