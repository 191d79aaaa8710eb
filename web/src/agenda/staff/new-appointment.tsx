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
import { ApiError, apiGet, apiPost } from '../../shared/api';
import { requestErrorKey } from '../../shared/request-error';
import { useLiveLocations } from '../../staff/resources/resource-queries';
import { localDateOf } from '../agenda-time';
import type { ClientHit } from '../agenda-types';
import { BOOKING_KEY } from '../booking/booking-queries';
import { useZonedFormat } from '../zoned-format';
import classes from './agenda.module.css';
import { AGENDA_KEY, type Practitioner, useStaffTreatmentTypes } from './agenda-queries';
import { isClientBusy, useDeskFreeTimes } from './desk-queries';

const ANYONE = 'anyone';

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
  client: fixedClient,
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
  const [clientId, setClientId] = useState<string | undefined>(fixedClient?.id);
  const [notifyClient, setNotifyClient] = useState(true);
  const [treatmentId, setTreatmentId] = useState<string | null>(null);
  const [practitionerId, setPractitionerId] = useState<string>(ANYONE);
  const [date, setDate] = useState(initialDate);
  const locations = useLiveLocations();
  const chain = (locations.data?.length ?? 0) > 1;
  const [chosenLocation, setChosenLocation] = useState<string | null>(initialLocationId ?? null);
  const locationId = chain ? (chosenLocation ?? locations.data?.[0]?.id ?? null) : null;
  const [startsAt, setStartsAt] = useState<string>();
  const [missing, setMissing] = useState(false);
  const types = useStaffTreatmentTypes();
  const search = useQuery({
    queryKey: ['clients', 'search', debounced],
    queryFn: ({ signal }) => apiGet<ClientHit[]>(`/api/clients?q=${encodeURIComponent(debounced)}`, signal),
    enabled: debounced.length >= 2 && !fixedClient,
    placeholderData: keepPreviousData,
  });
  const type = types.data?.find((item) => item.id === treatmentId);
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
  const book = useMutation({
    mutationFn: () =>
      apiPost<{ appointmentId: string }>(`/api/clients/${clientId}/appointments`, {
        treatmentTypeId: treatmentId,
        practitionerId: chosenPractitioner,
        ...(locationId ? { locationId } : {}),
        startsAt,
        notifyClient,
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: AGENDA_KEY });
      await queryClient.invalidateQueries({ queryKey: BOOKING_KEY });
      onClose();
    },
    onError: (error) => {
      if (isClientBusy(error)) return;
      setStartsAt(undefined);
      void queryClient.invalidateQueries({ queryKey: [...AGENDA_KEY, 'free-times'] });
    },
  });
  const performers = practitioners.filter(
    (p) => type?.practitionerIds.includes(p.id) && (!locationId || p.locationIds?.includes(locationId)),
  );

  return (
    <Modal
      opened
      onClose={onClose}
      title={t('staff.newTitle')}
      size="lg"
      closeButtonProps={{ 'aria-label': common('common.close') }}
    >
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const incomplete = !clientId || !treatmentId || !startsAt;
          setMissing(incomplete);
          if (!incomplete) book.mutate();
        }}
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
              error={missing && !clientId ? t('staff.chooseClient') : undefined}
            />
          )}
          {!fixedClient && debounced.length >= 2 && search.data && (
            <Radio.Group label={t('staff.client')} value={clientId ?? null} onChange={setClientId}>
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
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            {chain && (
              <Select
                label={t('staff.location')}
                data={(locations.data ?? []).map((l) => ({ value: l.id, label: l.name }))}
                value={locationId}
                onChange={(value) => {
                  setChosenLocation(value);
                  setPractitionerId(ANYONE);
                  setStartsAt(undefined);
                }}
                allowDeselect={false}
              />
            )}
            <Select
              label={t('staff.treatment')}
              data={(types.data ?? [])
                .filter((item) => item.active)
                .map((item) => ({ value: item.id, label: `${item.name} (${item.durationMinutes} min)` }))}
              value={treatmentId}
              onChange={(value) => {
                setTreatmentId(value);
                setPractitionerId(ANYONE);
                setStartsAt(undefined);
              }}
              error={missing && !treatmentId ? t('staff.chooseTreatment') : undefined}
            />
            <Select
              label={t('staff.practitioner')}
              data={[
                { value: ANYONE, label: t('booking.anyone') },
                ...performers.map((p) => ({ value: p.id, label: p.name })),
              ]}
              value={practitionerId}
              onChange={(value) => {
                setPractitionerId(value ?? ANYONE);
                setStartsAt(undefined);
              }}
              allowDeselect={false}
            />
            <TextInput
              type="date"
              label={t('staff.date')}
              value={date}
              onChange={(e) => {
                setDate(e.currentTarget.value);
                setStartsAt(undefined);
              }}
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
                      onClick={() => setStartsAt(time)}
                    >
                      {format.time(time)}
                    </Button>
                  ))}
                </SimpleGrid>
              )}
              {missing && !startsAt && (
                <Text size="sm" c="red.8" mt={4}>
                  {t('staff.chooseTime')}
                </Text>
              )}
            </Fieldset>
          )}
          <Checkbox
            label={t('desk.notifyClient')}
            description={t('desk.notifyClientHint')}
            checked={notifyClient}
            onChange={(e) => setNotifyClient(e.currentTarget.checked)}
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
    </Modal>
  );
}
