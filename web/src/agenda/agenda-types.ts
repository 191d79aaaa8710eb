// Shapes of the agenda and booking answers of the API (see /api/openapi.json); instants are UTC ISO.

export type AppointmentStatus = 'booked' | 'checked_in' | 'completed' | 'cancelled' | 'no_show';

export interface AgendaEntry {
  id: string;
  practitionerId: string;
  /** Null for a taken time whose appointment the viewer cannot read. */
  locationId: string | null;
  startsAt: string;
  endsAt: string;
  status: AppointmentStatus;
  /** Null: a colleague's client, shown only as a taken time. */
  client: { id: string; firstName: string; lastName: string } | null;
  treatmentName: string | null;
  treatmentTypeId: string | null;
  /**
   * False for an online booking that named an existing client's address and is not yet confirmed:
   * check the person at the desk (checking in confirms). `bookedAs` is what the booker typed.
   */
  identityConfirmed: boolean;
  bookedAs: { firstName: string; lastName: string; phone: string } | null;
  /** Contra-indications for this treatment; null when the viewer may not read the medical file. */
  warnings: AgendaWarning[] | null;
}

export interface AgendaWarning {
  questionKey: string;
  effect: 'rules_out' | 'affects';
  warning: { nl: string; en: string };
}

/** The appointment behind a reschedule link. */
export interface ReschedulableAppointment {
  treatmentTypeId: string;
  treatmentName: string;
  durationMinutes: number;
  practitionerId: string;
  startsAt: string;
  endsAt: string;
  changeableUntil: string;
  practitioners: { id: string; name: string }[];
}

export interface BookableTreatment {
  id: string;
  name: string;
  description: string;
  durationMinutes: number;
  priceCents: number;
  practitioners: { id: string; name: string }[];
}

/** A location that takes bookings, as the public booking page shows it. */
export interface PublicLocation {
  id: string;
  name: string;
  address: string | null;
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
