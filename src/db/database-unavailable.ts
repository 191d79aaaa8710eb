/** A one-line reason the database could not be reached, without the password. */
export class DatabaseUnavailable extends Error {}
