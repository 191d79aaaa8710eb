import { useQuery } from '@tanstack/react-query';
import { ApiError, apiGet, apiRequest, type Problem } from '../../shared/api';
import type { ApiResponse, ApiSchemas } from '../../shared/api-types';
import type { BookableTreatment, BookingBody, FreeTime, PublicLocation } from '../agenda-types';

export const BOOKING_KEY = ['public', 'booking'] as const;

/** The live locations: the booking page starts with the choice when there is more than one. */
export function usePublicLocations() {
  return useQuery({
    queryKey: [...BOOKING_KEY, 'locations'],
    queryFn: ({ signal }) => apiGet<PublicLocation[]>('/api/public/locations', signal),
    retry: false,
  });
}

/** What can be booked at a location (none named: the clinic's only one). */
export function useBookableTreatments(locationId: string | undefined, enabled = true) {
  const query = locationId ? `?${new URLSearchParams({ locationId })}` : '';
  return useQuery({
    queryKey: [...BOOKING_KEY, 'treatments', locationId],
    queryFn: ({ signal }) => apiGet<BookableTreatment[]>(`/api/public/booking/treatments${query}`, signal),
    enabled,
    retry: false,
  });
}

export function useFreeTimes(
  treatmentTypeId: string | undefined,
  practitionerId: string | null,
  from: string,
  to: string,
  locationId?: string,
) {
  const query = new URLSearchParams({ treatmentTypeId: treatmentTypeId ?? '', from, to });
  if (practitionerId) query.set('practitionerId', practitionerId);
  if (locationId) query.set('locationId', locationId);
  return useQuery({
    queryKey: [...BOOKING_KEY, 'slots', treatmentTypeId, practitionerId, from, to, locationId],
    queryFn: ({ signal }) => apiGet<FreeTime[]>(`/api/public/booking/slots?${query}`, signal),
    enabled: Boolean(treatmentTypeId),
    retry: false,
  });
}

/** The privacy statement; the form takes its version and consent sentence. */
type StatementConsent = ApiSchemas['PrivacyStatement'];

/** The consent sentence shown with the booking, and the statement version it belongs to. */
export function useBookingStatement() {
  return useQuery({
    queryKey: ['public', 'privacy-statement'],
    queryFn: ({ signal }) => apiGet<StatementConsent>('/api/public/privacy-statement', signal),
    staleTime: 60_000,
    retry: false,
  });
}

export type { BookingBody };

/** A refused booking; after a 409 it carries the next free times the server offers instead. */
export class BookingError extends ApiError {
  readonly nextFreeTimes: FreeTime[];

  constructor(problem: Problem, nextFreeTimes: FreeTime[] = []) {
    super(problem);
    this.nextFreeTimes = nextFreeTimes;
  }
}

export function postBooking(body: BookingBody): Promise<ApiResponse<'/api/public/bookings', 'post'>> {
  return postPublic('/api/public/bookings', body);
}

/** A public POST (booking, reschedule): a refusal becomes a BookingError with the offered times. */
export async function postPublic<T>(path: string, body: object): Promise<T> {
  try {
    return await apiRequest<T>(path, { method: 'POST', body, expectUnauthorized: true });
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const next = error.problem.extra?.nextFreeTimes;
    throw new BookingError(error.problem, Array.isArray(next) ? (next as FreeTime[]) : []);
  }
}
