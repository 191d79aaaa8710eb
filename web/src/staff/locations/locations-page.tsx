import {
  Alert,
  Badge,
  Button,
  Group,
  Loader,
  Paper,
  Stack,
  Switch,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPatch, apiPost } from '../../shared/api';
import { requestErrorKey } from '../../shared/request-error';
import { OwnerOnly } from '../session/owner-only';
import { ArchiveLocationDialog } from './archive-location-dialog';
import { LocationForm } from './location-form';
import { LOCATIONS_KEY, type Location, useLocations } from './locations-query';

/** The owner's locations (vestigingen): the list, a form to add or change one, and archiving. */
export function LocationsPage() {
  const { t } = useTranslation(['locations', 'translation']);
  useDocumentTitle(`${t('title')} · ${t('translation:common.brand')}`);
  return (
    <OwnerOnly>
      <Stack gap="lg" maw={1040}>
        <Stack gap={4}>
          <Title order={1}>{t('title')}</Title>
          <Text c="dimmed">{t('intro')}</Text>
        </Stack>
        <LocationsPanel />
      </Stack>
    </OwnerOnly>
  );
}

function LocationsPanel() {
  const { t } = useTranslation(['locations', 'translation']);
  const { t: common } = useTranslation();
  const titleId = useId();
  const [showArchived, setShowArchived] = useState(false);
  const query = useLocations(showArchived);
  const [editing, setEditing] = useState<Location | 'new'>();
  const [archiving, setArchiving] = useState<Location>();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: ({ id, body }: { id?: string; body: Record<string, unknown> }) =>
      id
        ? apiPatch<{ id: string }>(`/api/locations/${encodeURIComponent(id)}`, body)
        : apiPost<{ id: string }>('/api/locations', body),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: LOCATIONS_KEY });
      setEditing(undefined);
    },
  });
  function open(item: Location | 'new') {
    save.reset();
    setEditing(item);
  }
  return (
    <Stack gap="md">
      {editing ? (
        <Paper component="section" p="md" radius="lg" withBorder aria-labelledby={titleId}>
          <Title order={2} size="h3" id={titleId} mb="sm">
            {editing === 'new' ? t('newLocation') : t('editNamed', { name: editing.name })}
          </Title>
          <div key={editing === 'new' ? 'new' : editing.id}>
            <LocationForm
              location={editing === 'new' ? undefined : editing}
              pending={save.isPending}
              error={save.error}
              onSubmit={(body) => save.mutate({ id: editing === 'new' ? undefined : editing.id, body })}
              onCancel={() => setEditing(undefined)}
            />
          </div>
        </Paper>
      ) : (
        <Group justify="space-between">
          <Button onClick={() => open('new')}>{t('newLocation')}</Button>
          <Switch
            label={t('showArchived')}
            checked={showArchived}
            onChange={(event) => setShowArchived(event.currentTarget.checked)}
          />
        </Group>
      )}
      {query.isPending ? (
        <Loader role="status" aria-label={t('translation:common.loading')} />
      ) : query.isError ? (
        <Alert color="red" variant="light" role="alert">
          {common(requestErrorKey(query.error))}
        </Alert>
      ) : query.data.length === 0 ? (
        <Text c="dimmed">{t('none')}</Text>
      ) : (
        <LocationTable locations={query.data} onEdit={open} onArchive={setArchiving} />
      )}
      <ArchiveLocationDialog location={archiving} onClose={() => setArchiving(undefined)} />
    </Stack>
  );
}

function addressOf(location: Location): string {
  const street = [location.street, location.houseNumber].filter(Boolean).join(' ');
  const town = [location.postcode, location.city].filter(Boolean).join(' ');
  return [street, town].filter(Boolean).join(', ') || '—';
}

function LocationTable({
  locations,
  onEdit,
  onArchive,
}: {
  locations: Location[];
  onEdit: (location: Location) => void;
  onArchive: (location: Location) => void;
}) {
  const { t } = useTranslation('locations');
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table verticalSpacing="sm" highlightOnHover data-testid="locations">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('name')}</Table.Th>
            <Table.Th>{t('address')}</Table.Th>
            <Table.Th>{t('phone')}</Table.Th>
            <Table.Th>{t('invoicePrefix')}</Table.Th>
            <Table.Th>
              <VisuallyHidden>{t('actions')}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {locations.map((location) => (
            <Table.Tr key={location.id}>
              <Table.Td>
                <Group gap="xs">
                  <Text fw={500}>{location.name}</Text>
                  {location.archivedAt && (
                    <Badge variant="outline" color="gray.8">
                      {t('archived')}
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>{addressOf(location)}</Table.Td>
              <Table.Td>{location.phone ?? '—'}</Table.Td>
              <Table.Td>{location.invoicePrefix ?? '—'}</Table.Td>
              <Table.Td>
                <Group gap="xs" justify="flex-end" wrap="nowrap">
                  <Button
                    variant="default"
                    size="xs"
                    aria-label={t('editLabel', { name: location.name })}
                    onClick={() => onEdit(location)}
                  >
                    {t('edit')}
                  </Button>
                  {!location.archivedAt && (
                    <Button
                      variant="default"
                      color="red.9"
                      size="xs"
                      aria-label={t('archiveLabel', { name: location.name })}
                      onClick={() => onArchive(location)}
                    >
                      {t('archive')}
                    </Button>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
