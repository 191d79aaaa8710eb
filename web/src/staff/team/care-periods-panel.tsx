import { Alert, Button, Group, Loader, NumberInput, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiGet, apiRequest } from '../../shared/api';
import { requestErrorKey } from '../../shared/request-error';

interface CarePeriods {
  daysBeforeAppointment: number;
  daysAfterAppointment: number;
  followUpDays: number;
}

const FIELDS: { key: keyof CarePeriods; max: number }[] = [
  { key: 'daysBeforeAppointment', max: 60 },
  { key: 'daysAfterAppointment', max: 90 },
  { key: 'followUpDays', max: 365 },
];

/**
 * How long a practitioner sees a client (decision 0015): around an appointment, and after a
 * treatment or intake. The owner's setting; it holds at once.
 */
export function CarePeriodsPanel() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const current = useQuery({
    queryKey: ['care-periods'],
    queryFn: ({ signal }) => apiGet<CarePeriods>('/api/care-periods', signal),
  });
  const [values, setValues] = useState<CarePeriods>();
  useEffect(() => {
    if (current.data) setValues(current.data);
  }, [current.data]);
  const save = useMutation({
    mutationFn: (body: CarePeriods) => apiRequest<CarePeriods>('/api/care-periods', { method: 'PUT', body }),
    onSuccess: (saved) => queryClient.setQueryData(['care-periods'], saved),
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
      ) : !values ? (
        <Loader role="status" aria-label={t('common.loading')} />
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            save.mutate(values);
          }}
        >
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
                  value={values[key]}
                  onChange={(value) => setValues({ ...values, [key]: typeof value === 'number' ? value : 0 })}
                  w={220}
                />
              ))}
            </Group>
            {save.isError && (
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
      )}
    </Paper>
  );
}
