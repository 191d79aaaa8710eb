import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { apiGet } from '../../shared/api';
import { useSignedInSession } from '../../staff/session/session-query';
import { useTeam } from '../../staff/team/team-query';
import type { AgendaEntry } from '../agenda-types';
import { useBookableTreatments } from '../booking/booking-queries';

export const AGENDA_KEY = ['agenda'] as const;

export function useAgenda(from: string | undefined, to: string | undefined, practitionerId: string | null) {
  const query = new URLSearchParams({ from: from ?? '', to: to ?? '' });
  if (practitionerId) query.set('practitionerId', practitionerId);
  return useQuery({
    queryKey: [...AGENDA_KEY, from, to, practitionerId],
    queryFn: ({ signal }) => apiGet<AgendaEntry[]>(`/api/agenda?${query}`, signal),
    enabled: Boolean(from && to),
    refetchInterval: 60_000,
  });
}

export interface Practitioner {
  id: string;
  name: string;
}

/**
 * Who has an agenda. The owner reads the team list; others (the team list is the owner's) see the
 * names the booking page shows, themselves, and "colleague" for anyone else with appointments.
 */
export function usePractitioners(entries: AgendaEntry[] = []): Practitioner[] {
  const { t } = useTranslation('agenda');
  const { staff } = useSignedInSession();
  const owner = staff.role === 'owner';
  const team = useTeam(owner);
  const bookable = useBookableTreatments();
  const known = new Map<string, string>();
  if (owner) {
    for (const member of team.data ?? []) {
      if (member.role !== 'reception' && !member.disabled) known.set(member.id, member.name);
    }
  } else {
    if (staff.role === 'practitioner') known.set(staff.id, staff.name);
    for (const treatment of bookable.data ?? []) {
      for (const p of treatment.practitioners) if (!known.has(p.id)) known.set(p.id, p.name);
    }
  }
  for (const entry of entries) {
    if (!known.has(entry.practitionerId)) known.set(entry.practitionerId, t('staff.colleague'));
  }
  return [...known].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
}

export interface StaffTreatmentType {
  id: string;
  name: string;
  durationMinutes: number;
  practitionerIds: string[];
  active: boolean;
}

export function useStaffTreatmentTypes() {
  return useQuery({
    queryKey: ['catalogue', 'treatment-types'],
    queryFn: ({ signal }) => apiGet<StaffTreatmentType[]>('/api/treatment-types', signal),
  });
}
