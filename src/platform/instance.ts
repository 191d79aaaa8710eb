import { hostname } from 'node:os';

/**
 * The name of this app instance for records written outside a request (the job records): set at
 * start from the configuration (VELLUM_INSTANCE_ID), the host name and process id until then.
 */
let current = `${hostname()}-${process.pid}`;

export function instanceId(): string {
  return current;
}

export function setInstanceId(id: string): void {
  current = id;
}
