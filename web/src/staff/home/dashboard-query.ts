import { useQuery } from '@tanstack/react-query';
import { apiGet } from '../../shared/api';
import type { ApiResponse, Item } from '../../shared/api-types';

/** The start page as GET /api/dashboard answers it: one shape per role (generated, decision 0024). */
export type Dashboard = ApiResponse<'/api/dashboard', 'get'>;
export type PractitionerDashboard = Extract<Dashboard, { role: 'practitioner' }>;
export type ReceptionDashboard = Extract<Dashboard, { role: 'reception' }>;
export type OwnerDashboard = Extract<Dashboard, { role: 'owner' }>;
export type TodayAppointment = Item<ReceptionDashboard['today']>;
export type AppointmentWarning = Item<Item<PractitionerDashboard['today']>['warnings']>;
export type Person = NonNullable<TodayAppointment['client']>;

export type Insights = ApiResponse<'/api/insights', 'get'>;
export type InsightsPeriod = Insights['period'];

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

/** The owner's charts; with a location, that location's figures (the website's stay the clinic's). */
export function useInsights(period: InsightsPeriod, locationId: string | null = null) {
  return useQuery({
    queryKey: [...dashboardKeys.insights(period), locationId ?? 'every'],
    queryFn: ({ signal }) =>
      apiGet<Insights>(
        `/api/insights?period=${period}${locationId ? `&locationId=${encodeURIComponent(locationId)}` : ''}`,
        signal,
      ),
  });
}
