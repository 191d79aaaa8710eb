import type { Scope } from '../access/gate';
import type { AccessBasis } from '../audit/events';

/** A contra-indication from the client's latest signed intake that applies to a treatment type. */
export type ContraIndication = {
  questionKey: string;
  effect: 'rules_out' | 'affects';
  warning: { nl: string; en: string };
};

/**
 * Where treatments ask for warnings before they start (P3.2). The intake module provides it; until
 * a client has a signed intake there is nothing to warn about.
 */
export type ContraIndicationSource = (
  scope: Scope,
  clientId: string,
  treatmentTypeId: string,
) => Promise<ContraIndication[]>;

export const noContraIndications: ContraIndicationSource = async () => [];

/**
 * The same for many appointments at once (the agenda's day or week): the caller has asked the gate
 * for the clients' medical files (filterClients) and passes its decisions; the answer is keyed
 * `${clientId}:${treatmentTypeId}`, for the allowed clients only.
 */
export type ContraIndicationsForMany = (
  scope: Scope,
  entries: { clientId: string; treatmentTypeId: string }[],
  allowed: Map<string, AccessBasis>,
) => Promise<Map<string, ContraIndication[]>>;

export const noContraIndicationsForMany: ContraIndicationsForMany = async (_scope, entries, allowed) =>
  new Map(
    entries.filter((e) => allowed.has(e.clientId)).map((e) => [`${e.clientId}:${e.treatmentTypeId}`, []]),
  );
