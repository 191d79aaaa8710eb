import { useQuery } from '@tanstack/react-query';
import { ApiError, apiGet } from '../../shared/api';
import type { OrderStatus, OrderSummary, ShopSettings, StaffOrder, StockRow } from '../shop-types';

export const ORDERS_KEY = ['shop', 'orders'] as const;
export const STOCK_KEY = ['shop', 'stock'] as const;
export const SETTINGS_KEY = ['shop', 'settings'] as const;

export function useOrders(status: OrderStatus | null) {
  return useQuery({
    queryKey: [...ORDERS_KEY, 'list', status],
    queryFn: ({ signal }) =>
      apiGet<OrderSummary[]>(
        `/api/shop/orders${status ? `?status=${encodeURIComponent(status)}` : ''}`,
        signal,
      ),
  });
}

export function useOrder(id: string) {
  return useQuery({
    queryKey: [...ORDERS_KEY, 'one', id],
    queryFn: ({ signal }) => apiGet<StaffOrder>(`/api/shop/orders/${encodeURIComponent(id)}`, signal),
  });
}

export function useStock() {
  return useQuery({
    queryKey: STOCK_KEY,
    queryFn: ({ signal }) => apiGet<StockRow[]>('/api/shop/stock', signal),
  });
}

/** The owner's shop settings; `null` when the server has no shop (404). */
export function useShopSettings() {
  return useQuery({
    queryKey: SETTINGS_KEY,
    queryFn: async ({ signal }) => {
      try {
        return await apiGet<ShopSettings>('/api/shop/settings', signal);
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
  });
}
