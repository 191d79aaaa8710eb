import { useQuery } from '@tanstack/react-query';
import { apiGet } from '../../shared/api';
import type { Client } from '../clients/client-types';

export interface ContraIndication {
  questionKey: string;
  effect: 'rules_out' | 'affects';
  warning: { nl: string; en: string };
}

export interface TreatmentRecord {
  id: string;
  kind: 'treatment' | 'consult';
  treatmentTypeId: string | null;
  treatmentTypeName: string | null;
  practitionerId: string;
  performedAt: string;
  report: {
    done: string;
    discussed: string;
    products: { productId: string; name: string; batch: string | null; amount: string | null }[];
    devices: { deviceId: string; name: string; settings: { name: string; value: string }[] }[];
    /** Why the practitioner went ahead although the intake ruled the treatment out. */
    ruledOutReason: string | null;
  };
  warningsConfirmed: ContraIndication[];
}

export interface SkinFindings {
  fitzpatrick: number;
  conditions: string[];
  findings: string;
}

export interface SkinAnalysis {
  id: string;
  treatmentId: string | null;
  analysedBy: string;
  analysedAt: string;
  findings: SkinFindings;
}

export interface HomeProduct {
  id: string;
  productId: string;
  productName: string;
  quantity: number;
  advice: string | null;
  boughtAt: string;
}

export interface RecordedEmail {
  id: string;
  receivedAt: string;
  content: { from: string; subject: string; text: string; eml: string | null };
}

export interface Dossier {
  client: Client;
  treatments: TreatmentRecord[];
  analyses: SkinAnalysis[];
  homeProducts: HomeProduct[];
  emails: RecordedEmail[];
}

/** Under the client's key, so break-glass (which refreshes the client) refreshes this too. */
export const dossierKey = (clientId: string) => ['clients', clientId, 'dossier'] as const;

export function useDossier(clientId: string, enabled: boolean) {
  return useQuery({
    queryKey: dossierKey(clientId),
    queryFn: ({ signal }) => apiGet<Dossier>(`/api/clients/${encodeURIComponent(clientId)}/dossier`, signal),
    enabled,
    retry: false,
  });
}
