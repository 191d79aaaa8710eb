import { Alert, Button, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiGet, apiRequest } from '../../shared/api';
import { fieldErrorText, namesAnyField } from '../../shared/field-errors';
import { requestErrorKey } from '../../shared/request-error';

const FIELDS = ['vatNumber', 'chamberOfCommerce', 'iban'] as const;
type Field = (typeof FIELDS)[number];
const MESSAGES = {
  vatNumber: 'clinicDetails.notVatNumber',
  chamberOfCommerce: 'clinicDetails.notChamber',
  iban: 'clinicDetails.notIban',
} as const;

/**
 * The clinic's VAT number, Chamber of Commerce number and IBAN as invoices show them (owner); the
 * form starts with what is stored and saves all three together.
 */
export function ClinicDetailsForm() {
  const { t } = useTranslation('invoices');
  const { t: tc } = useTranslation();
  const [values, setValues] = useState<Record<Field, string>>({
    vatNumber: '',
    chamberOfCommerce: '',
    iban: '',
  });
  const stored = useQuery({
    queryKey: ['invoices', 'clinic-details'],
    queryFn: ({ signal }) => apiGet<Record<Field, string | null>>('/api/invoices/clinic-details', signal),
  });
  useEffect(() => {
    if (stored.data) {
      setValues({
        vatNumber: stored.data.vatNumber ?? '',
        chamberOfCommerce: stored.data.chamberOfCommerce ?? '',
        iban: stored.data.iban ?? '',
      });
    }
  }, [stored.data]);
  const save = useMutation({
    mutationFn: () =>
      apiRequest<void>('/api/invoices/clinic-details', {
        method: 'PUT',
        body: Object.fromEntries(FIELDS.map((field) => [field, values[field].trim() || null])),
      }),
  });
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.mutate();
  }
  // The server names the field; its English message becomes ours, in the staff member's language.
  const errorOf = (field: Field) =>
    fieldErrorText(tc, save.error, field) === undefined ? undefined : t(MESSAGES[field]);
  return (
    <Paper component="section" p="md" radius="lg" withBorder aria-labelledby="clinic-details-title">
      <form onSubmit={submit} noValidate aria-labelledby="clinic-details-title">
        <Stack gap="sm">
          <Title order={2} size="h3" id="clinic-details-title">
            {t('clinicDetails.title')}
          </Title>
          <Text size="sm">{t('clinicDetails.intro')}</Text>
          {save.isSuccess && (
            <Alert color="teal" variant="light" role="status">
              {t('clinicDetails.saved')}
            </Alert>
          )}
          {save.isError && !namesAnyField(save.error, FIELDS) && (
            <Alert color="red" variant="light" role="alert">
              {tc(requestErrorKey(save.error))}
            </Alert>
          )}
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            {FIELDS.map((field) => (
              <TextInput
                key={field}
                label={t(`clinicDetails.${field}`)}
                description={t(`clinicDetails.${field}Hint`)}
                value={values[field]}
                maxLength={40}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  setValues((current) => ({ ...current, [field]: value }));
                }}
                error={errorOf(field)}
              />
            ))}
          </SimpleGrid>
          <Button type="submit" variant="light" w="fit-content" loading={save.isPending}>
            {t('clinicDetails.save')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
