import { Alert, Button, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiGet, apiRequest } from '../../shared/api';
import { isDutchPostcode, isPhoneNumber, isValidIban, isWebsite } from '../../shared/clinic-contact';
import { fieldErrorText, namesAnyField } from '../../shared/field-errors';
import { requestErrorKey } from '../../shared/request-error';

const ADDRESS = ['street', 'houseNumber', 'postcode', 'city', 'phone', 'website'] as const;
const NUMBERS = ['vatNumber', 'chamberOfCommerce', 'iban'] as const;
const FIELDS = [...ADDRESS, ...NUMBERS] as const;
type Field = (typeof FIELDS)[number];
const MESSAGES = {
  street: 'clinicDetails.notStreet',
  houseNumber: 'clinicDetails.notHouseNumber',
  postcode: 'clinicDetails.notPostcode',
  city: 'clinicDetails.notCity',
  phone: 'clinicDetails.notPhone',
  website: 'clinicDetails.notWebsite',
  vatNumber: 'clinicDetails.notVatNumber',
  chamberOfCommerce: 'clinicDetails.notChamber',
  iban: 'clinicDetails.notIban',
} as const satisfies Record<Field, string>;
/** What the form checks before sending (the server checks all of it again). */
const CHECKS: Partial<Record<Field, (value: string) => boolean>> = {
  postcode: isDutchPostcode,
  phone: isPhoneNumber,
  website: isWebsite,
  iban: isValidIban,
  vatNumber: (v) => /^NL\d{9}B\d{2}$/.test(v.trim()),
  chamberOfCommerce: (v) => /^\d{8}$/.test(v.trim()),
};
const empty = Object.fromEntries(FIELDS.map((field) => [field, ''])) as Record<Field, string>;

/**
 * The clinic's details as invoices show them (owner): address, phone, website, VAT number, Chamber of
 * Commerce number and IBAN. The form starts with what is stored and saves them together.
 */
export function ClinicDetailsForm() {
  const { t } = useTranslation('invoices');
  const { t: tc } = useTranslation();
  const [values, setValues] = useState<Record<Field, string>>(empty);
  const [checked, setChecked] = useState(false);
  const stored = useQuery({
    queryKey: ['invoices', 'clinic-details'],
    queryFn: ({ signal }) => apiGet<Record<Field, string | null>>('/api/invoices/clinic-details', signal),
  });
  useEffect(() => {
    if (stored.data) {
      const data = stored.data;
      setValues(
        Object.fromEntries(FIELDS.map((field) => [field, data[field] ?? ''])) as Record<Field, string>,
      );
    }
  }, [stored.data]);
  const save = useMutation({
    mutationFn: () =>
      apiRequest<void>('/api/invoices/clinic-details', {
        method: 'PUT',
        body: Object.fromEntries(FIELDS.map((field) => [field, values[field].trim() || null])),
      }),
  });
  const wrong = (field: Field) => {
    const value = values[field].trim();
    return value !== '' && CHECKS[field] !== undefined && !CHECKS[field](value);
  };
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setChecked(true);
    if (FIELDS.some(wrong)) return;
    save.mutate();
  }
  // The server names the field; its English message becomes ours, in the staff member's language.
  const errorOf = (field: Field) =>
    (checked && wrong(field)) || fieldErrorText(tc, save.error, field) !== undefined
      ? t(MESSAGES[field])
      : undefined;
  const input = (field: Field, maxLength: number) => (
    <TextInput
      key={field}
      label={t(`clinicDetails.${field}`)}
      description={t(`clinicDetails.${field}Hint`)}
      value={values[field]}
      maxLength={maxLength}
      onChange={(e) => {
        const value = e.currentTarget.value;
        save.reset();
        setValues((current) => ({ ...current, [field]: value }));
      }}
      error={errorOf(field)}
    />
  );
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
          <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="sm">
            {input('street', 100)}
            {input('houseNumber', 12)}
            {input('postcode', 7)}
            {input('city', 80)}
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            {input('phone', 30)}
            {input('website', 200)}
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            {NUMBERS.map((field) => input(field, 40))}
          </SimpleGrid>
          <Button type="submit" variant="light" w="fit-content" loading={save.isPending}>
            {t('clinicDetails.save')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
