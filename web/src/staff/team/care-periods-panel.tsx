import { Alert, Button, Group, Loader, NumberInput, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { apiGet, apiRequest } from '../../shared/api';
import { namesAnyField } from '../../shared/field-errors';
import { filledNumber, useSchemaForm } from '../../shared/form';
import { requestErrorKey } from '../../shared/request-error';

interface CarePeriods {
  daysBeforeAppointment: number;
  daysAfterAppointment: number;
  followUpDays: number;
}

const FIELDS = [
  { key: 'daysBeforeAppointment', max: 60 },
  { key: 'daysAfterAppointment', max: 90 },
  { key: 'followUpDays', max: 365 },
] as const satisfies { key: keyof CarePeriods; max: number }[];

/** A number of days from 0 to `max`; an emptied field is asked for, not saved as 0. */
const days = (max: number) =>
  filledNumber((number) =>
    number.int('fieldError.invalid').min(0, 'fieldError.invalid').max(max, 'fieldError.invalid'),
  );

const periodsSchema = z.object({
  daysBeforeAppointment: days(60),
  daysAfterAppointment: days(90),
  followUpDays: days(365),
});

/**
 * How long a practitioner sees a client (decision 0015): around an appointment, and after a
 * treatment or intake. The owner's setting; it holds at once.
 */
export function CarePeriodsPanel() {
  const { t } = useTranslation();
  const current = useQuery({
    queryKey: ['care-periods'],
    queryFn: ({ signal }) => apiGet<CarePeriods>('/api/care-periods', signal),
  });
  return (
    <Paper component="section" p="md" radius="lg" withBorder aria-labelledby="care-periods-title">
      <Title order={2} size="h3" id="care-periods-title" mb="xs">
        {t('carePeriods.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('carePeriods.intro')}
      </Text>
      {current.isError ? (
        <Alert color="red" variant="light" role="alert">
          {t(requestErrorKey(current.error))}
        </Alert>
      ) : !current.data ? (
        <Loader role="status" aria-label={t('common.loading')} />
      ) : (
        <CarePeriodsForm stored={current.data} />
      )}
    </Paper>
  );
}

/** The three periods, starting from what is stored. */
function CarePeriodsForm({ stored }: { stored: CarePeriods }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (body: CarePeriods) => apiRequest<CarePeriods>('/api/care-periods', { method: 'PUT', body }),
    onSuccess: (saved) => queryClient.setQueryData(['care-periods'], saved),
  });
  const { field, onSubmit } = useSchemaForm(periodsSchema, stored, save.error);
  return (
    <form onSubmit={onSubmit((values) => save.mutate(values))} noValidate>
      <Stack gap="sm">
        <Group align="flex-end" gap="md">
          {FIELDS.map(({ key, max }) => (
            <NumberInput
              key={key}
              label={t(`carePeriods.${key}`)}
              min={0}
              max={max}
              allowDecimal={false}
              allowNegative={false}
              clampBehavior="strict"
              w={220}
              {...field(key)}
            />
          ))}
        </Group>
        {save.isError &&
          !namesAnyField(
            save.error,
            FIELDS.map(({ key }) => key),
          ) && (
            <Alert color="red" variant="light" role="alert">
              {t(requestErrorKey(save.error))}
            </Alert>
          )}
        {save.isSuccess && (
          <Text size="sm" c="teal" role="status">
            {t('carePeriods.saved')}
          </Text>
        )}
        <Button type="submit" w="fit-content" loading={save.isPending}>
          {t('carePeriods.save')}
        </Button>
      </Stack>
    </form>
  );
}
