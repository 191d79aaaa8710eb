import {
  Alert,
  Anchor,
  Button,
  Group,
  Loader,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue, useDocumentTitle } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { apiGet } from '../../shared/api';
import { requestErrorKey } from '../../shared/request-error';
import { useSignedInSession } from '../session/session-query';
import { BreakGlassSearch } from './break-glass-search';
import type { Client } from './client-types';
import { NewClient } from './new-client';

const MIN_QUERY = 2;

export function ClientsPage() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('clients.title')} · ${t('common.brand')}`);
  const [creating, setCreating] = useState(false);
  const navigate = useNavigate();
  return (
    <Stack gap="lg" maw={960}>
      <Group justify="space-between" align="center">
        <Title order={1}>{t('clients.title')}</Title>
        {!creating && <Button onClick={() => setCreating(true)}>{t('clients.new')}</Button>}
      </Group>
      {creating && (
        <Paper component="section" p="md" radius="lg" withBorder aria-labelledby="new-client-title">
          <Title order={2} size="h3" id="new-client-title" mb="sm">
            {t('clients.newTitle')}
          </Title>
          <NewClient
            onCreated={({ id }) => navigate(`/app/clients/${id}`)}
            onCancel={() => setCreating(false)}
          />
        </Paper>
      )}
      <ClientSearch />
    </Stack>
  );
}

function ClientSearch() {
  const { t } = useTranslation();
  // Reception sees every client's contact details already; break-glass is for those who treat.
  const mayBreakGlass = useSignedInSession().staff.role !== 'reception';
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query.trim(), 300);
  const search = useQuery({
    queryKey: ['clients', 'search', debounced],
    queryFn: ({ signal }) => apiGet<Client[]>(`/api/clients?q=${encodeURIComponent(debounced)}`, signal),
    enabled: debounced.length >= MIN_QUERY,
    placeholderData: keepPreviousData,
  });
  return (
    <Paper component="section" p="md" radius="lg" withBorder aria-labelledby="client-search-title">
      <Stack gap="sm">
        <Title order={2} size="h3" id="client-search-title">
          {t('clients.searchTitle')}
        </Title>
        <TextInput
          type="search"
          label={t('clients.searchLabel')}
          description={t('clients.searchDescription')}
          value={query}
          onChange={(e) => setQuery(e.currentTarget.value)}
          rightSection={
            search.isFetching ? <Loader size="xs" role="status" aria-label={t('common.loading')} /> : null
          }
        />
        {search.isError && (
          <Alert color="red" variant="light" role="alert">
            {t(requestErrorKey(search.error))}
          </Alert>
        )}
        <div aria-live="polite">
          {debounced.length >= MIN_QUERY && search.data && <SearchResults clients={search.data} />}
        </div>
        {mayBreakGlass &&
          debounced.length >= MIN_QUERY &&
          search.data?.length === 0 &&
          !search.isFetching && <BreakGlassSearch key={debounced} query={debounced} />}
      </Stack>
    </Paper>
  );
}

function SearchResults({ clients }: { clients: Client[] }) {
  const { t } = useTranslation();
  if (clients.length === 0) return <Text c="dimmed">{t('clients.noResults')}</Text>;
  return (
    <Table.ScrollContainer minWidth={480}>
      <Table verticalSpacing="sm" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('clients.name')}</Table.Th>
            <Table.Th>{t('clients.email')}</Table.Th>
            <Table.Th>{t('clients.phone')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {clients.map((client) => (
            <Table.Tr key={client.id}>
              <Table.Td>
                <Anchor component={Link} to={`/app/clients/${client.id}`} fw={500}>
                  {client.firstName} {client.lastName}
                </Anchor>
              </Table.Td>
              <Table.Td>{client.email ?? '—'}</Table.Td>
              <Table.Td>{client.phone ?? '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
