import {
  Alert,
  Button,
  Checkbox,
  Fieldset,
  Group,
  Loader,
  Modal,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { ApiError, apiGet, apiPost } from '../../shared/api';
import type { ApiResponse } from '../../shared/api-types';
import { useSchemaForm } from '../../shared/form';
import { requestErrorKey } from '../../shared/request-error';
import { NewClient, type RegisteredClient } from '../../staff/clients/new-client';
import { useLiveLocations } from '../../staff/resources/resource-queries';
import { chosen, localDate } from '../agenda-form-fields';
import { localDateOf } from '../agenda-time';
import type { ClientHit } from '../agenda-types';
import { BOOKING_KEY } from '../booking/booking-queries';
import { useZonedFormat } from '../zoned-format';
import classes from './agenda.module.css';
import { AGENDA_KEY, type Practitioner, useStaffTreatmentTypes } from './agenda-queries';
import { isClientBusy, useDeskFreeTimes } from './desk-queries';

const ANYONE = 'anyone';

const newAppointmentSchema = z.object({
  clientId: chosen('agenda:staff.chooseClient'),
  treatmentTypeId: chosen('agenda:staff.chooseTreatment'),
  practitionerId: z.string(),
  locationId: z.string().nullable(),
  date: localDate,
  startsAt: chosen('agenda:staff.chooseTime'),
  notifyClient: z.boolean(),
});

/**
 * A client (searched, or the one whose page this is), a treatment, a practitioner or anyone, a day
 * and one of its free times — from now on, so a walk-in can be booked at once. The client is
 * e-mailed unless the desk unticks it.
 */
export function NewAppointment({
  initialDate,
  initialLocationId,
  practitioners,
  onClose,
  client: givenClient,
}: {
  initialDate: string;
  /** The agenda's location filter, if any. */
  initialLocationId?: string | null;
  practitioners: Practitioner[];
  onClose: () => void;
  /** Booking from the client's page: no search. */
  client?: { id: string; name: string };
}) {
  const { t } = useTranslation('agenda');
  const { t: common } = useTranslation();
  const format = useZonedFormat();
  const queryClient = useQueryClient();
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query.trim(), 300);
  // A walk-in not yet registered: registered here, without leaving the agenda, then booked.
  const [registering, setRegistering] = useState(false);
  const [registered, setRegistered] = useState<RegisteredClient>();
  const fixedClient = givenClient ?? registered;
  const locations = useLiveLocations();
  const chain = (locations.data?.length ?? 0) > 1;
  const types = useStaffTreatmentTypes();
  const book = useMutation({
    mutationFn: (body: {
      clientId: string;
      treatmentTypeId: string;
      practitionerId: string | null;
      locationId: string | null;
      startsAt: string;
      notifyClient: boolean;
    }) =>
      apiPost<ApiResponse<'/api/clients/{clientId}/appointments', 'post'>>(
        `/api/clients/${encodeURIComponent(body.clientId)}/appointments`,
        {
          treatmentTypeId: body.treatmentTypeId,
          practitionerId: body.practitionerId,
          ...(body.locationId ? { locationId: body.locationId } : {}),
          startsAt: body.startsAt,
          notifyClient: body.notifyClient,
        },
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: AGENDA_KEY });
      await queryClient.invalidateQueries({ queryKey: BOOKING_KEY });
      onClose();
    },
    onError: (error) => {
      if (isClientBusy(error)) return;
      form.setFieldValue('startsAt', null);
      void queryClient.invalidateQueries({ queryKey: [...AGENDA_KEY, 'free-times'] });
    },
  });
  const { form, field, onSubmit } = useSchemaForm(
    newAppointmentSchema,
    {
      clientId: fixedClient?.id ?? null,
      treatmentTypeId: null,
      practitionerId: ANYONE,
      locationId: initialLocationId ?? null,
      date: initialDate,
      startsAt: null,
      notifyClient: true,
    },
    book.error,
  );
  const { clientId, treatmentTypeId, practitionerId, date, startsAt } = form.getValues();
  const locationId = chain ? (form.getValues().locationId ?? locations.data?.[0]?.id ?? null) : null;
  /** A change that makes the chosen free time meaningless clears it (and, for some, the practitioner). */
  const choose = (values: Partial<typeof form.values>) => form.setValues({ ...values, startsAt: null });
  const search = useQuery({
    queryKey: ['clients', 'search', debounced],
    queryFn: ({ signal }) => apiGet<ClientHit[]>(`/api/clients?q=${encodeURIComponent(debounced)}`, signal),
    enabled: debounced.length >= 2 && !fixedClient,
    placeholderData: keepPreviousData,
  });
  const type = types.data?.find((item) => item.id === treatmentTypeId);
  const chosenPractitioner = practitionerId === ANYONE ? null : practitionerId;
  const slots = useDeskFreeTimes(
    chain && !locationId ? undefined : type?.id,
    chosenPractitioner,
    date,
    locationId,
  );
  const times = [...new Set((slots.data ?? []).map((slot) => slot.startsAt))].filter(
    (time) => localDateOf(time, format.timeZone) === date,
  );
  const performers = practitioners.filter(
    (p) => type?.practitionerIds.includes(p.id) && (!locationId || p.locationIds?.includes(locationId)),
  );

  const takeClient = (client: RegisteredClient) => {
    setRegistered(client);
    form.setFieldValue('clientId', client.id);
    setRegistering(false);
  };
  return (
    <Modal
      opened
      onClose={onClose}
      title={registering ? t('staff.newClientTitle') : t('staff.newTitle')}
      size="lg"
      closeButtonProps={{ 'aria-label': common('common.close') }}
    >
      {registering ? (
        <NewClient onCreated={takeClient} onChoose={takeClient} onCancel={() => setRegistering(false)} />
      ) : (
        <form
          noValidate
          onSubmit={onSubmit((values) =>
            book.mutate({
              clientId: values.clientId,
              treatmentTypeId: values.treatmentTypeId,
              practitionerId: chosenPractitioner,
              locationId,
              startsAt: values.startsAt,
              notifyClient: values.notifyClient,
            }),
          )}
        >
          <Stack gap="md">
            {fixedClient ? (
              <Text fw={500}>
                {t('staff.client')}: {fixedClient.name}
              </Text>
            ) : (
              <TextInput
                type="search"
                label={t('staff.clientSearch')}
                description={t('staff.clientSearchHint')}
                value={query}
                onChange={(e) => setQuery(e.currentTarget.value)}
                rightSection={
                  search.isFetching ? (
                    <Loader size="xs" role="status" aria-label={common('common.loading')} />
                  ) : null
                }
                error={field('clientId').error}
              />
            )}
            {!fixedClient && debounced.length >= 2 && search.data && (
              <Radio.Group
                label={t('staff.client')}
                value={clientId}
                onChange={(value) => form.setFieldValue('clientId', value)}
              >
                <Stack gap={6} mt={6}>
                  {search.data.length === 0 && <Text size="sm">{t('staff.noClients')}</Text>}
                  {search.data.slice(0, 8).map((client) => (
                    <Radio
                      key={client.id}
                      value={client.id}
                      label={`${client.firstName} ${client.lastName}`}
                      description={[client.birthDate, client.email].filter(Boolean).join(' · ') || undefined}
                    />
                  ))}
                </Stack>
              </Radio.Group>
            )}
            {!fixedClient && (
              <Group>
                <Button variant="light" size="compact-sm" onClick={() => setRegistering(true)}>
                  {t('staff.newClient')}
                </Button>
              </Group>
            )}
            <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
              {chain && (
                <Select
                  label={t('staff.location')}
                  data={(locations.data ?? []).map((l) => ({ value: l.id, label: l.name }))}
                  value={locationId}
                  onChange={(value) => choose({ locationId: value, practitionerId: ANYONE })}
                  error={field('locationId').error}
                  allowDeselect={false}
                />
              )}
              <Select
                label={t('staff.treatment')}
                data={(types.data ?? [])
                  .filter((item) => item.active)
                  .map((item) => ({ value: item.id, label: `${item.name} (${item.durationMinutes} min)` }))}
                value={treatmentTypeId}
                onChange={(value) => choose({ treatmentTypeId: value, practitionerId: ANYONE })}
                error={field('treatmentTypeId').error}
              />
              <Select
                label={t('staff.practitioner')}
                data={[
                  { value: ANYONE, label: t('booking.anyone') },
                  ...performers.map((p) => ({ value: p.id, label: p.name })),
                ]}
                value={practitionerId}
                onChange={(value) => choose({ practitionerId: value ?? ANYONE })}
                error={field('practitionerId').error}
                allowDeselect={false}
              />
              <TextInput
                type="date"
                label={t('staff.date')}
                value={date}
                onChange={(e) => choose({ date: e.currentTarget.value })}
                error={field('date', { apiField: 'startsAt' }).error}
              />
            </SimpleGrid>
            {type && (
              <Fieldset
                variant="unstyled"
                legend={t('staff.freeTimes')}
                classNames={{ legend: classes.legend }}
              >
                {slots.isLoading ? (
                  <Loader size="sm" role="status" aria-label={common('common.loading')} />
                ) : times.length === 0 ? (
                  <Text size="sm">{t('staff.noFreeTimes')}</Text>
                ) : (
                  <SimpleGrid cols={{ base: 3, sm: 6 }} spacing="xs">
                    {times.map((time) => (
                      <Button
                        key={time}
                        size="compact-md"
                        variant={startsAt === time ? 'filled' : 'light'}
                        aria-pressed={startsAt === time}
                        onClick={() => form.setFieldValue('startsAt', time)}
                      >
                        {format.time(time)}
                      </Button>
                    ))}
                  </SimpleGrid>
                )}
                {field('startsAt').error && (
                  <Text size="sm" c="red.8" mt={4}>
                    {field('startsAt').error}
                  </Text>
                )}
              </Fieldset>
            )}
            <Checkbox
              label={t('desk.notifyClient')}
              description={t('desk.notifyClientHint')}
              {...field('notifyClient', { checkbox: true })}
            />
            {book.isError && (
              <Alert color="red" variant="light" role="alert">
                {isClientBusy(book.error)
                  ? t('desk.clientBusy')
                  : book.error instanceof ApiError && book.error.status === 409
                    ? t('booking.takenTitle')
                    : common(requestErrorKey(book.error))}
              </Alert>
            )}
            <Group>
              <Button type="submit" loading={book.isPending}>
                {t('staff.newSave')}
              </Button>
              <Button variant="default" onClick={onClose}>
                {common('common.cancel')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
