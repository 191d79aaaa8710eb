// Shapes of the agenda and booking answers of the API (see /api/openapi.json); instants are UTC ISO.

export type AppointmentStatus = 'booked' | 'checked_in' | 'completed' | 'cancelled' | 'no_show';

export interface AgendaEntry {
  id: string;
  practitionerId: string;
  startsAt: string;
  endsAt: string;
  status: AppointmentStatus;
  /** Null: a colleague's client, shown only as a taken time. */
  client: { id: string; firstName: string; lastName: string } | null;
  treatmentName: string | null;
}

export interface BookableTreatment {
  id: string;
  name: string;
  description: string;
  durationMinutes: number;
  priceCents: number;
  practitioners: { id: string; name: string }[];
}

export interface FreeTime {
  startsAt: string;
  practitionerId: string;
}

export interface WeeklyBlock {
  /** 1 = Monday … 7 = Sunday. */
  weekday: number;
  startMinutes: number;
  endMinutes: number;
}

/** The status changes the server accepts, from each status. */
export const NEXT_STATUSES: Record<AppointmentStatus, AppointmentStatus[]> = {
  booked: ['checked_in', 'no_show', 'cancelled'],
  checked_in: ['completed', 'booked'],
  completed: [],
  cancelled: [],
  no_show: ['booked'],
};
