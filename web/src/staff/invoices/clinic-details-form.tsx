import { Alert, Button, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { apiGet, apiRequest } from '../../shared/api';
import { isDutchPostcode, isPhoneNumber, isValidIban, isWebsite } from '../../shared/clinic-contact';
import { fieldErrorText, namesAnyField } from '../../shared/field-errors';
import { optionalShaped, optionalText, useSchemaForm } from '../../shared/form';
import { requestErrorKey } from '../../shared/request-error';

const ADDRESS = ['street', 'houseNumber', 'postcode', 'city', 'phone', 'website'] as const;
const NUMBERS = ['vatNumber', 'chamberOfCommerce', 'iban'] as const;
const FIELDS = [...ADDRESS, ...NUMBERS] as const;
type Field = (typeof FIELDS)[number];
/** What a field's problem is called, whether the form or the server found it. */
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
const MAX_LENGTH: Record<Field, number> = {
  street: 100,
  houseNumber: 12,
  postcode: 7,
  city: 80,
  phone: 30,
  website: 200,
  vatNumber: 40,
  chamberOfCommerce: 40,
  iban: 40,
};
/** What the form checks before sending (the server checks all of it again); each may stay empty. */
const shaped = (field: Field, check: (value: string) => boolean) =>
  optionalShaped(MAX_LENGTH[field], check, `invoices:${MESSAGES[field]}`);
const detailsSchema = z.object({
  street: optionalText(MAX_LENGTH.street),
  houseNumber: optionalText(MAX_LENGTH.houseNumber),
  postcode: shaped('postcode', isDutchPostcode),
  city: optionalText(MAX_LENGTH.city),
  phone: shaped('phone', isPhoneNumber),
  website: shaped('website', isWebsite),
  vatNumber: shaped('vatNumber', (v) => /^NL\d{9}B\d{2}$/.test(v)),
  chamberOfCommerce: shaped('chamberOfCommerce', (v) => /^\d{8}$/.test(v)),
  iban: shaped('iban', isValidIban),
});
const empty = Object.fromEntries(FIELDS.map((field) => [field, ''])) as Record<Field, string>;

/**
 * The clinic's details as invoices show them (owner): address, phone, website, VAT number, Chamber of
 * Commerce number and IBAN. The form starts with what is stored and saves them together.
 */
export function ClinicDetailsForm() {
  const { t } = useTranslation('invoices');
  const { t: tc } = useTranslation();
  const stored = useQuery({
    queryKey: ['invoices', 'clinic-details'],
    queryFn: ({ signal }) => apiGet<Record<Field, string | null>>('/api/invoices/clinic-details', signal),
  });
  const save = useMutation({
    mutationFn: (values: z.output<typeof detailsSchema>) =>
      apiRequest<void>('/api/invoices/clinic-details', {
        method: 'PUT',
        body: Object.fromEntries(FIELDS.map((field) => [field, values[field] || null])),
      }),
  });
  const { form, field, onSubmit } = useSchemaForm(detailsSchema, empty, save.error);
  // The form starts with what is stored (it loads after the form is shown).
  // biome-ignore lint/correctness/useExhaustiveDependencies: form is a new object every render; only the data counts
  useEffect(() => {
    if (stored.data) {
      const data = stored.data;
      form.setValues(Object.fromEntries(FIELDS.map((name) => [name, data[name] ?? ''])));
      form.resetDirty();
    }
  }, [stored.data]);
  const input = (name: Field) => {
    const props = field(name);
    // The server names the field; its English message becomes ours, in the staff member's language.
    const serverSaid = fieldErrorText(tc, save.error, name) !== undefined;
    return (
      <TextInput
        key={name}
        label={t(`clinicDetails.${name}`)}
        description={t(`clinicDetails.${name}Hint`)}
        maxLength={MAX_LENGTH[name]}
        {...props}
        onChange={(event) => {
          save.reset();
          props.onChange(event);
        }}
        error={form.errors[name] ? props.error : serverSaid ? t(MESSAGES[name]) : undefined}
      />
    );
  };
  return (
    <Paper component="section" p="md" radius="lg" withBorder aria-labelledby="clinic-details-title">
      <form
        onSubmit={onSubmit((values) => save.mutate(values))}
        noValidate
        aria-labelledby="clinic-details-title"
      >
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
            {input('street')}
            {input('houseNumber')}
            {input('postcode')}
            {input('city')}
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            {input('phone')}
            {input('website')}
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            {NUMBERS.map(input)}
          </SimpleGrid>
          <Button type="submit" variant="light" w="fit-content" loading={save.isPending}>
            {t('clinicDetails.save')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
