import { useQuery } from '@tanstack/react-query';
import { apiGet } from '../../shared/api';

export type VatRate = 0 | 9 | 21;
export const VAT_RATES: readonly VatRate[] = [21, 9, 0];

export interface TreatmentType {
  id: string;
  name: string;
  description: string;
  durationMinutes: number;
  priceCents: number;
  vatRatePercent: number;
  photosExpected: boolean;
  intakeTemplateKey: string | null;
  practitionerIds: string[];
  /** Where it is offered; empty: at every location. */
  locationIds: string[];
  /** The kinds of room and device it needs. */
  resourceTypeIds: string[];
  active: boolean;
}

export interface Product {
  id: string;
  name: string;
  brand: string;
  usedInTreatments: boolean;
  soldForHomeUse: boolean;
  priceCents: number | null;
  vatRatePercent: number | null;
  active: boolean;
}

export interface Device {
  id: string;
  name: string;
  /** The names of the settings, e.g. "naalddiepte (mm)". */
  settings: string[];
  active: boolean;
}

export const TREATMENT_TYPES_KEY = ['catalogue', 'treatment-types'] as const;
export const PRODUCTS_KEY = ['catalogue', 'products'] as const;
export const DEVICES_KEY = ['catalogue', 'devices'] as const;

export function useTreatmentTypes() {
  return useQuery({
    queryKey: TREATMENT_TYPES_KEY,
    queryFn: ({ signal }) => apiGet<TreatmentType[]>('/api/treatment-types', signal),
  });
}

export function useProducts() {
  return useQuery({
    queryKey: PRODUCTS_KEY,
    queryFn: ({ signal }) => apiGet<Product[]>('/api/products', signal),
  });
}

export function useDevices() {
  return useQuery({
    queryKey: DEVICES_KEY,
    queryFn: ({ signal }) => apiGet<Device[]>('/api/devices', signal),
  });
}
