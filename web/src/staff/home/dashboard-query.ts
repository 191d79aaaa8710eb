import { useQuery } from '@tanstack/react-query';
import { apiGet } from '../../shared/api';

export type Person = { id: string; name: string };

export interface TodayAppointment {
  id: string;
  startsAt: string;
  endsAt: string;
  status: 'booked' | 'checked_in' | 'completed' | 'no_show' | 'cancelled';
  treatmentName: string | null;
  practitionerName: string;
  client: Person | null;
}

export type AppointmentWarning = 'not_visible' | 'unconfirmed' | 'no_signed_intake';

export interface PractitionerDashboard {
  role: 'practitioner';
  date: string;
  today: (TodayAppointment & {
    warnings: AppointmentWarning[];
    contraIndications:
      | { questionKey: string; effect: 'rules_out' | 'affects'; warning: { nl: string; en: string } }[]
      | null;
  })[];
  intakesToSign: {
    appointmentId: string;
    startsAt: string;
    treatmentName: string;
    client: Person;
    state: 'waiting_for_client' | 'missing';
  }[];
  reportsMissing: { appointmentId: string; startsAt: string; treatmentName: string; client: Person }[];
}

export interface ReceptionDashboard {
  role: 'reception';
  date: string;
  today: TodayAppointment[];
  counts: { expected: number; arrived: number; toCome: number; noShow: number };
  askForConsent: { clientId: string; name: string; startsAt: string }[];
}

export interface OwnerDashboard {
  role: 'owner';
  date: string;
  tasks: {
    erasureRequests: { id: string; clientName: string | null; deadlineAt: string; daysLeft: number }[];
    correctionRequests: { id: string; clientName: string | null; deadlineAt: string; daysLeft: number }[];
    breakGlassToReview: { count: number; oldestAt: string | null };
    incidents: {
      id: string;
      reportedAt: string;
      notifyDeadlineAt: string;
      hoursLeft: number;
      assessed: boolean;
    }[];
    retentionDue: { count: number; firstDueAt: string | null };
    backup: { at: string | null; result: 'ok' | 'failed' | 'none'; stale: boolean };
    mail: { waiting: number; failed: number; mailServer: boolean };
  };
  checklist: {
    address: boolean;
    openingHours: boolean;
    catalogue: boolean;
    team: boolean;
    mailServer: boolean;
  };
  todayCount: number;
}

export type Dashboard = PractitionerDashboard | ReceptionDashboard | OwnerDashboard;

export type InsightsPeriod = 'weeks' | 'months';

export interface Insights {
  period: InsightsPeriod;
  buckets: string[];
  from: string;
  to: string;
  website: {
    perBucket: { bucket: string; views: number; visits: number; averageSeconds: number }[];
    browsers: { family: string; visits: number }[];
    systems: { family: string; visits: number }[];
  };
  bookings: { bucket: string; desk: number; online: number }[];
  revenue: { bucket: string; totalCents: number; vatCents: number }[];
  attendance: { bucket: string; noShows: number; cancellations: number; appointments: number }[];
  utilisation: { practitionerId: string; name: string; bookedMinutes: number; workingMinutes: number }[];
}

export const dashboardKeys = {
  all: ['dashboard'] as const,
  start: () => [...dashboardKeys.all, 'start'] as const,
  insights: (period: InsightsPeriod) => [...dashboardKeys.all, 'insights', period] as const,
};

/** The signed-in member's start page; refreshed every minute while it is open. */
export function useDashboard() {
  return useQuery({
    queryKey: dashboardKeys.start(),
    queryFn: ({ signal }) => apiGet<Dashboard>('/api/dashboard', signal),
    refetchInterval: 60_000,
  });
}

export function useInsights(period: InsightsPeriod) {
  return useQuery({
    queryKey: dashboardKeys.insights(period),
    queryFn: ({ signal }) => apiGet<Insights>(`/api/insights?period=${period}`, signal),
  });
}
