import {
  Alert,
  Badge,
  Button,
  Group,
  Loader,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { apiPatch, apiPost } from '../../shared/api';
import { namesAnyField } from '../../shared/field-errors';
import { filledText, REQUIRED, useSchemaForm } from '../../shared/form';
import { requestErrorKey } from '../../shared/request-error';
import {
  type LocationChoice,
  RESOURCE_TYPES_KEY,
  RESOURCES_KEY,
  type Resource,
  type ResourceType,
  useLiveLocations,
  useResources,
  useResourceTypes,
} from './resource-queries';

const kindSchema = z.object({ name: filledText(100), category: z.enum(['room', 'device']) });
const unitSchema = z.object({ resourceTypeId: z.string().min(1, REQUIRED), name: filledText(100) });

/**
 * /app/resources (owner): the kinds of room and device treatments may need, and per location the
 * units it has of them. A unit is archived rather than deleted: the appointments that hold it keep it.
 */
export function ResourcesPage() {
  const { t, i18n } = useTranslation('agenda');
  useDocumentTitle(t('resources.title'));
  const kinds = useResourceTypes();
  const units = useResources();
  const locations = useLiveLocations();
  const loading = kinds.isPending || units.isPending || locations.isPending;
  const failed = kinds.error ?? units.error ?? locations.error;
  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Title order={1}>{t('resources.title')}</Title>
        <Text>{t('resources.intro')}</Text>
      </Stack>
      {loading && <Loader role="status" aria-label={t('resources.loading')} />}
      {failed && (
        <Alert color="red" variant="light" role="alert">
          {i18n.t(requestErrorKey(failed))}
        </Alert>
      )}
      {kinds.data && <Kinds kinds={kinds.data} />}
      {kinds.data &&
        units.data &&
        locations.data?.map((place) => (
          <LocationUnits
            key={place.id}
            place={place}
            kinds={kinds.data}
            units={units.data.filter((u) => u.locationId === place.id)}
          />
        ))}
    </Stack>
  );
}

function Kinds({ kinds }: { kinds: ResourceType[] }) {
  const { t, i18n } = useTranslation('agenda');
  const queryClient = useQueryClient();
  const add = useMutation({
    mutationFn: (body: z.output<typeof kindSchema>) => apiPost<{ id: string }>('/api/resource-types', body),
    onSuccess: async () => {
      form.setValues({ name: '' });
      await queryClient.invalidateQueries({ queryKey: RESOURCE_TYPES_KEY });
    },
  });
  const { form, field, onSubmit } = useSchemaForm(kindSchema, { name: '', category: 'room' }, add.error);
  return (
    <Paper component="section" p="md" radius="lg" withBorder aria-labelledby="resource-kinds-title">
      <Stack gap="sm">
        <Title order={2} size="h3" id="resource-kinds-title">
          {t('resources.kindsTitle')}
        </Title>
        {kinds.length === 0 ? (
          <Text size="sm">{t('resources.noKinds')}</Text>
        ) : (
          <Group gap="xs">
            {kinds.map((kind) => (
              <Badge key={kind.id} variant="light" size="lg">
                {kind.name} · {t(`resources.category.${kind.category}`)}
              </Badge>
            ))}
          </Group>
        )}
        <form onSubmit={onSubmit((body) => add.mutate(body))} noValidate>
          <Stack gap="sm">
            {add.isError && !namesAnyField(add.error, ['name', 'category']) && (
              <Alert color="red" variant="light" role="alert">
                {i18n.t(requestErrorKey(add.error))}
              </Alert>
            )}
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
              <TextInput label={t('resources.kindName')} required autoComplete="off" {...field('name')} />
              <Select
                label={t('resources.categoryLabel')}
                required
                allowDeselect={false}
                data={(['room', 'device'] as const).map((value) => ({
                  value,
                  label: t(`resources.category.${value}`),
                }))}
                {...field('category')}
              />
              <Button type="submit" loading={add.isPending} mt={{ sm: 25 }}>
                {t('resources.addKind')}
              </Button>
            </SimpleGrid>
          </Stack>
        </form>
      </Stack>
    </Paper>
  );
}

function LocationUnits({
  place,
  kinds,
  units,
}: {
  place: LocationChoice;
  kinds: ResourceType[];
  units: Resource[];
}) {
  const { t } = useTranslation('agenda');
  const queryClient = useQueryClient();
  const titleId = `resource-location-${place.id}`;
  const archive = useMutation({
    mutationFn: (unit: Resource) => apiPatch(`/api/resources/${unit.id}`, { archived: !unit.archived }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: RESOURCES_KEY }),
  });
  const kindName = (id: string) => kinds.find((k) => k.id === id)?.name ?? '';
  return (
    <Paper component="section" p="md" radius="lg" withBorder aria-labelledby={titleId}>
      <Stack gap="sm">
        <Stack gap={0}>
          <Title order={2} size="h3" id={titleId}>
            {place.name}
          </Title>
          {place.address && (
            <Text size="sm" c="dimmed">
              {place.address}
            </Text>
          )}
        </Stack>
        {units.length === 0 ? (
          <Text size="sm">{t('resources.noUnits')}</Text>
        ) : (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('resources.unitName')}</Table.Th>
                <Table.Th>{t('resources.kind')}</Table.Th>
                <Table.Th>
                  <VisuallyHidden>{t('resources.actions')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {units.map((unit) => (
                <Table.Tr key={unit.id}>
                  <Table.Td>
                    {unit.name}{' '}
                    {unit.archived && (
                      <Badge color="gray" variant="light">
                        {t('resources.archived')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{kindName(unit.resourceTypeId)}</Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="default"
                      loading={archive.isPending && archive.variables?.id === unit.id}
                      onClick={() => archive.mutate(unit)}
                    >
                      {unit.archived
                        ? t('resources.restore', { name: unit.name })
                        : t('resources.archive', { name: unit.name })}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {kinds.length > 0 && <AddUnit place={place} kinds={kinds} />}
      </Stack>
    </Paper>
  );
}

/**
 * A location's form for a new unit. Mounted once there is a kind, so the kind starts at the first
 * one: mounted with the page, an owner who had just added the clinic's first kind found the field
 * empty at every location and had to pick the only choice there was.
 */
function AddUnit({ place, kinds }: { place: LocationChoice; kinds: ResourceType[] }) {
  const { t, i18n } = useTranslation('agenda');
  const queryClient = useQueryClient();
  const add = useMutation({
    mutationFn: (body: z.output<typeof unitSchema>) =>
      apiPost<{ id: string }>('/api/resources', { ...body, locationId: place.id }),
    onSuccess: async () => {
      form.setValues({ name: '' });
      await queryClient.invalidateQueries({ queryKey: RESOURCES_KEY });
    },
  });
  const { form, field, onSubmit } = useSchemaForm(
    unitSchema,
    { resourceTypeId: kinds[0]?.id ?? '', name: '' },
    add.error,
  );
  return (
    <form onSubmit={onSubmit((body) => add.mutate(body))} noValidate>
      <Stack gap="sm">
        {add.isError && !namesAnyField(add.error, ['name', 'resourceTypeId']) && (
          <Alert color="red" variant="light" role="alert">
            {i18n.t(requestErrorKey(add.error))}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <Select
            label={t('resources.kind')}
            required
            allowDeselect={false}
            data={kinds.map((k) => ({ value: k.id, label: k.name }))}
            {...field('resourceTypeId')}
          />
          <TextInput
            label={t('resources.unitName')}
            placeholder={t('resources.unitPlaceholder')}
            required
            autoComplete="off"
            {...field('name')}
          />
          <Button type="submit" loading={add.isPending} mt={{ sm: 25 }}>
            {t('resources.addUnit')}
          </Button>
        </SimpleGrid>
      </Stack>
    </form>
  );
}
