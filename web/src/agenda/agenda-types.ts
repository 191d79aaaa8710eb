import type { ApiBody, ApiResponse, ApiSchemas, Item } from '../shared/api-types';

// The agenda and booking answers of the API, as its OpenAPI document describes them (decision
// 0024); instants are UTC ISO strings.

/**
 * An appointment in the agenda. `locationId` is null for a taken time whose appointment the viewer
 * cannot read, `client` null for a colleague's client (shown only as a taken time); `identityConfirmed`
 * false for an online booking that named an existing client's address and is not yet confirmed
 * (`bookedAs` is what the booker typed); `warnings` null when the viewer may not read the medical file.
 */
export type AgendaEntry = Item<ApiResponse<'/api/agenda', 'get'>>;
export type AppointmentStatus = AgendaEntry['status'];
export type AgendaWarning = Item<NonNullable<AgendaEntry['warnings']>>;

/** A client's appointment on their page. */
export type ClientAppointment = Item<ApiResponse<'/api/clients/{clientId}/appointments', 'get'>>;

/** The appointment behind a reschedule link. */
export type ReschedulableAppointment = ApiResponse<'/api/public/bookings/reschedule/appointment', 'post'>;

export type BookableTreatment = Item<ApiResponse<'/api/public/booking/treatments', 'get'>>;

/** A location that takes bookings, as the public booking page shows it. */
export type PublicLocation = Item<ApiResponse<'/api/public/locations', 'get'>>;

export type FreeTime = Item<ApiResponse<'/api/public/booking/slots', 'get'>>;

export type BookingBody = ApiBody<'/api/public/bookings', 'post'>;

/** Opening hours and every practitioner's working hours, each block at its location. */
export type Schedule = ApiResponse<'/api/schedule', 'get'>;
export type LocatedBlock = Item<Schedule['openingHours']>;
export type AgendaHours = ApiResponse<'/api/agenda/hours', 'get'>;

/** One block of a week as the hours editors send it; weekday 1 = Monday … 7 = Sunday. */
export type WeeklyBlock = Item<ApiBody<'/api/schedule/opening-hours', 'put'>['hours']>;

export type ScheduleException = Item<ApiResponse<'/api/schedule/exceptions', 'get'>>;

export type Holiday = Item<ApiResponse<'/api/agenda/holidays', 'get'>>;

/** Who has an agenda; `locationIds` is absent for a colleague who has left. */
export type Practitioner = Omit<Item<ApiResponse<'/api/agenda/practitioners', 'get'>>, 'locationIds'> & {
  locationIds?: string[];
};

export type StaffTreatmentType = ApiSchemas['TreatmentType'];

/** A client found by the desk's search. */
export type ClientHit = Item<ApiResponse<'/api/clients', 'get'>>;

/** The status changes the server accepts, from each status. */
export const NEXT_STATUSES: Record<AppointmentStatus, AppointmentStatus[]> = {
  booked: ['checked_in', 'no_show', 'cancelled'],
  checked_in: ['completed', 'booked'],
  completed: [],
  cancelled: [],
  no_show: ['booked'],
};
