import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { apiGet } from '../../shared/api';
import type { AgendaEntry, Practitioner, StaffTreatmentType } from '../agenda-types';

export type { Practitioner, StaffTreatmentType };

export const AGENDA_KEY = ['agenda'] as const;

export function useAgenda(
  from: string | undefined,
  to: string | undefined,
  practitionerId: string | null,
  locationId: string | null = null,
) {
  const query = new URLSearchParams({ from: from ?? '', to: to ?? '' });
  if (practitionerId) query.set('practitionerId', practitionerId);
  if (locationId) query.set('locationId', locationId);
  return useQuery({
    queryKey: [...AGENDA_KEY, from, to, practitionerId, locationId],
    queryFn: ({ signal }) => apiGet<AgendaEntry[]>(`/api/agenda?${query}`, signal),
    enabled: Boolean(from && to),
    refetchInterval: 60_000,
  });
}

/**
 * Who has an agenda: the names every staff member may see (GET /api/agenda/practitioners), and
 * "colleague" for anyone else with appointments (someone who has left, say).
 */
export function usePractitioners(entries: AgendaEntry[] = []): Practitioner[] {
  const { t } = useTranslation('agenda');
  const names = useQuery({
    queryKey: [...AGENDA_KEY, 'practitioners'],
    queryFn: ({ signal }) => apiGet<Practitioner[]>('/api/agenda/practitioners', signal),
    staleTime: 5 * 60_000,
  });
  const known = new Map<string, Practitioner>();
  for (const p of names.data ?? []) known.set(p.id, p);
  for (const entry of entries) {
    if (!known.has(entry.practitionerId)) {
      known.set(entry.practitionerId, { id: entry.practitionerId, name: t('staff.colleague') });
    }
  }
  return [...known.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export function useStaffTreatmentTypes() {
  return useQuery({
    queryKey: ['catalogue', 'treatment-types'],
    queryFn: ({ signal }) => apiGet<StaffTreatmentType[]>('/api/treatment-types', signal),
  });
}
