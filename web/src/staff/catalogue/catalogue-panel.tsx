import { Alert, Button, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import { type ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { requestErrorKey } from '../../shared/request-error';
import { useSaveCatalogueItem } from './save-catalogue-item';

export interface ItemFormProps<T> {
  item?: T;
  pending: boolean;
  error: unknown;
  onSubmit: (body: Record<string, unknown>) => void;
  onCancel: () => void;
}

interface CataloguePanelProps<T extends { id: string; name: string }> {
  query: UseQueryResult<T[]>;
  path: string;
  listKey: readonly string[];
  newLabel: string;
  emptyText: string;
  renderForm: (props: ItemFormProps<T>) => ReactNode;
  renderList: (items: T[], onEdit: (item: T) => void) => ReactNode;
}

/** One kind of catalogue item: a "new" button or the open form on top, the list below. */
export function CataloguePanel<T extends { id: string; name: string }>({
  query,
  path,
  listKey,
  newLabel,
  emptyText,
  renderForm,
  renderList,
}: CataloguePanelProps<T>) {
  const { t } = useTranslation();
  const titleId = useId();
  const [editing, setEditing] = useState<T | 'new'>();
  const save = useSaveCatalogueItem(path, listKey, () => setEditing(undefined));

  function open(item: T | 'new') {
    save.reset();
    setEditing(item);
  }

  return (
    <Stack gap="md">
      {editing ? (
        <Paper component="section" p="md" radius="lg" withBorder aria-labelledby={titleId}>
          <Title order={2} size="h3" id={titleId} mb="sm">
            {editing === 'new' ? newLabel : t('catalogue.editNamed', { name: editing.name })}
          </Title>
          <div key={editing === 'new' ? 'new' : editing.id}>
            {renderForm({
              item: editing === 'new' ? undefined : editing,
              pending: save.isPending,
              error: save.error,
              onSubmit: (body) => save.mutate({ id: editing === 'new' ? undefined : editing.id, body }),
              onCancel: () => setEditing(undefined),
            })}
          </div>
        </Paper>
      ) : (
        <Group>
          <Button onClick={() => open('new')}>{newLabel}</Button>
        </Group>
      )}
      {query.isPending ? (
        <Loader role="status" aria-label={t('common.loading')} />
      ) : query.isError ? (
        <Alert color="red" variant="light" role="alert">
          {t(requestErrorKey(query.error))}
        </Alert>
      ) : query.data.length === 0 ? (
        <Text c="dimmed">{emptyText}</Text>
      ) : (
        renderList(query.data, open)
      )}
    </Stack>
  );
}
