import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPatch, apiPost } from '../../shared/api';

/** POST a new item or PATCH an existing one, then refresh the list it belongs to. */
export function useSaveCatalogueItem(path: string, listKey: readonly string[], onSaved: () => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: Record<string, unknown> }) =>
      id
        ? apiPatch<{ id: string }>(`${path}/${encodeURIComponent(id)}`, body)
        : apiPost<{ id: string }>(path, body),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: listKey });
      onSaved();
    },
  });
}
