import { useQuery } from '@tanstack/react-query';
import { ApiError, apiGet, type Problem } from '../../shared/api';
import type { BookableTreatment, FreeTime } from '../agenda-types';

export const BOOKING_KEY = ['public', 'booking'] as const;

export function useBookableTreatments() {
  return useQuery({
    queryKey: [...BOOKING_KEY, 'treatments'],
    queryFn: ({ signal }) => apiGet<BookableTreatment[]>('/api/public/booking/treatments', signal),
    retry: false,
  });
}

export function useFreeTimes(
  treatmentTypeId: string | undefined,
  practitionerId: string | null,
  from: string,
  to: string,
) {
  const query = new URLSearchParams({ treatmentTypeId: treatmentTypeId ?? '', from, to });
  if (practitionerId) query.set('practitionerId', practitionerId);
  return useQuery({
    queryKey: [...BOOKING_KEY, 'slots', treatmentTypeId, practitionerId, from, to],
    queryFn: ({ signal }) => apiGet<FreeTime[]>(`/api/public/booking/slots?${query}`, signal),
    enabled: Boolean(treatmentTypeId),
    retry: false,
  });
}

interface StatementConsent {
  version: number;
  consentTexts: { personal_data: { nl: string; en: string } };
}

/** The consent sentence shown with the booking, and the statement version it belongs to. */
export function useBookingStatement() {
  return useQuery({
    queryKey: ['public', 'privacy-statement'],
    queryFn: ({ signal }) => apiGet<StatementConsent>('/api/public/privacy-statement', signal),
    staleTime: 60_000,
    retry: false,
  });
}

export interface BookingBody {
  treatmentTypeId: string;
  practitionerId: string | null;
  startsAt: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  birthDate?: string;
  language: 'nl' | 'en';
  statementVersion: number;
  consent: boolean;
  website: string;
}

/** A refused booking; after a 409 it carries the next free times the server offers instead. */
export class BookingError extends ApiError {
  readonly nextFreeTimes: FreeTime[];

  constructor(problem: Problem, nextFreeTimes: FreeTime[] = []) {
    super(problem);
    this.nextFreeTimes = nextFreeTimes;
  }
}

function asProblem(body: Record<string, unknown>, response: Response): Problem {
  const errors = Array.isArray(body.errors)
    ? (body.errors as Record<string, unknown>[]).map((e) => ({
        field: String(e.field ?? ''),
        message: String(e.message ?? ''),
      }))
    : undefined;
  return {
    type: typeof body.type === 'string' ? body.type : 'about:blank',
    title: typeof body.title === 'string' ? body.title : response.statusText,
    status: response.status,
    detail: typeof body.detail === 'string' ? body.detail : undefined,
    errors,
  };
}

export function postBooking(body: BookingBody): Promise<{ appointmentId: string; startsAt: string }> {
  return postPublic('/api/public/bookings', body);
}

// Not apiPost: a 409 answer holds `nextFreeTimes` beside the problem fields, which ApiError drops.
export async function postPublic<T>(path: string, body: object): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: { accept: 'application/json, application/problem+json', 'content-type': 'application/json' },
      body: JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    throw new BookingError({ type: 'about:blank', title: 'Network error', status: 0 });
  }
  const answer = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (response.ok) return answer as T;
  const next = Array.isArray(answer.nextFreeTimes) ? (answer.nextFreeTimes as FreeTime[]) : [];
  throw new BookingError(asProblem(answer, response), next);
}
