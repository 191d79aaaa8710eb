/**
 * The clinic's retention periods (P9.1, the WGBO); settings later, the statement renders the same
 * values. Declared here, with the processing record that states them; the retention job enforces
 * them (so retention depends on registers, never the other way round).
 */
export const RETENTION = { dossierYears: 2, medicalActYears: 20 } as const;
