import { useQuery } from '@tanstack/react-query';
import { apiGet } from '../../shared/api';
import type { ApiResponse, Item } from '../../shared/api-types';

export type VatRate = 0 | 9 | 21;
export const VAT_RATES: readonly VatRate[] = [21, 9, 0];

// The catalogue's answers as the API's OpenAPI document describes them (decision 0024), not copied
// by hand: a server change that breaks a page fails the type check.

/** A treatment type; `locationIds` empty: offered at every location; `resourceTypeIds`: the kinds of room and device it needs. */
export type TreatmentType = Item<ApiResponse<'/api/treatment-types', 'get'>>;

export type Product = Item<ApiResponse<'/api/products', 'get'>>;

/** A device; `settings` are the names of its settings, e.g. "naalddiepte (mm)". */
export type Device = Item<ApiResponse<'/api/devices', 'get'>>;

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
