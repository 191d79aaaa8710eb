import type { Scope } from '../access/gate';

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
