import {
  Alert,
  Button,
  Fieldset,
  Paper,
  PasswordInput,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError, apiPostSigningIn } from '../../shared/api';
import { isDutchPostcode, isPhoneNumber, isWebsite } from '../../shared/clinic-contact';
import { DEFAULT_TIME_ZONE } from '../../shared/clinic-query';
import { fieldErrorText } from '../../shared/field-errors';
import { useHashValue } from '../../shared/location-hash';
import { requestErrorKey } from '../../shared/request-error';
import type { SignInLocationState } from '../sign-in/sign-in-page';
import { TimeZoneSelect } from './time-zone-select';

const MIN_PASSWORD = 12;

interface SetupForm {
  clinicName: string;
  privacyEmail: string;
  timeZone: string;
  street: string;
  houseNumber: string;
  postcode: string;
  city: string;
  phone: string;
  website: string;
  ownerName: string;
  ownerEmail: string;
  password: string;
  repeat: string;
}

type FormErrors = Partial<Record<keyof SetupForm, string>>;

const EMPTY: SetupForm = {
  clinicName: '',
  privacyEmail: '',
  timeZone: DEFAULT_TIME_ZONE,
  street: '',
  houseNumber: '',
  postcode: '',
  city: '',
  phone: '',
  website: '',
  ownerName: '',
  ownerEmail: '',
  password: '',
  repeat: '',
};

// The server names fields by their place in the request body.
const SERVER_FIELDS: Record<string, keyof SetupForm> = {
  'clinic.name': 'clinicName',
  'clinic.privacyEmail': 'privacyEmail',
  'clinic.timeZone': 'timeZone',
  'clinic.street': 'street',
  'clinic.houseNumber': 'houseNumber',
  'clinic.postcode': 'postcode',
  'clinic.city': 'city',
  'clinic.phone': 'phone',
  'clinic.website': 'website',
  'owner.name': 'ownerName',
  'owner.email': 'ownerEmail',
  'owner.password': 'password',
};

/** The clinic's address and contact details: optional at setup (clinic settings hold them too). */
const CONTACT_FIELDS = ['street', 'houseNumber', 'postcode', 'city', 'phone', 'website'] as const;

/** First run: the clinic and its owner, with the one-time code from the link the server printed. */
export function SetupPage() {
  const { t } = useTranslation();
  const { t: ti } = useTranslation('invoices');
  useDocumentTitle(`${t('setup.title')} · ${t('common.brand')}`);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const setupCode = useHashValue('code');
  const [form, setForm] = useState<SetupForm>(EMPTY);
  const [errors, setErrors] = useState<FormErrors>({});

  const setup = useMutation({
    mutationFn: (values: SetupForm) =>
      apiPostSigningIn<{ ownerId: string }>('/api/setup', {
        setupCode,
        clinic: {
          name: values.clinicName.trim(),
          privacyEmail: values.privacyEmail.trim(),
          timeZone: values.timeZone,
          ...Object.fromEntries(
            CONTACT_FIELDS.filter((field) => values[field].trim() !== '').map((field) => [
              field,
              values[field].trim(),
            ]),
          ),
        },
        owner: { name: values.ownerName.trim(), email: values.ownerEmail.trim(), password: values.password },
      }),
    onSuccess: async (_result, values) => {
      await queryClient.invalidateQueries({ queryKey: ['setup'] });
      await queryClient.invalidateQueries({ queryKey: ['public', 'clinic'] });
      const state: SignInLocationState = { notice: 'set-up', email: values.ownerEmail.trim() };
      // flushSync: the address and the page change together. In a transition, the set-up form (with
      // the same "E-mailadres" and "Wachtwoord" fields) stayed on screen for a moment under the
      // sign-in address, and a password typed then was lost when the sign-in form appeared.
      await navigate('/app/login', { replace: true, state, flushSync: true });
    },
    onError: (error) => {
      if (!(error instanceof ApiError)) return;
      const fromServer: FormErrors = {};
      for (const [field, key] of Object.entries(SERVER_FIELDS)) {
        const text = fieldErrorText(t, error, field);
        if (text) fromServer[key] = text;
      }
      setErrors(fromServer);
    },
  });

  const set = (key: keyof SetupForm) => (value: string) =>
    setForm((current) => ({ ...current, [key]: value }));

  function validate(values: SetupForm): FormErrors {
    const found: FormErrors = {};
    for (const key of ['clinicName', 'privacyEmail', 'ownerName', 'ownerEmail'] as const) {
      if (values[key].trim() === '') found[key] = t('fieldError.required');
    }
    const shapes = { postcode: isDutchPostcode, phone: isPhoneNumber, website: isWebsite } as const;
    const messages = {
      postcode: 'clinicDetails.notPostcode',
      phone: 'clinicDetails.notPhone',
      website: 'clinicDetails.notWebsite',
    } as const;
    for (const key of ['postcode', 'phone', 'website'] as const) {
      if (values[key].trim() !== '' && !shapes[key](values[key])) found[key] = ti(messages[key]);
    }
    if (values.password.length < MIN_PASSWORD)
      found.password = t('fieldError.tooShort', { min: MIN_PASSWORD });
    if (values.repeat !== values.password) found.repeat = t('fieldError.passwordsDiffer');
    return found;
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found = validate(form);
    setErrors(found);
    if (Object.keys(found).length === 0) setup.mutate(form);
  }

  if (!setupCode) {
    return (
      <Stack maw={560} py="xl">
        <Title order={1}>{t('setup.title')}</Title>
        <Alert color="yellow" variant="light" role="alert" title={t('setup.noCodeTitle')}>
          {t('setupNeeded.text')}
        </Alert>
      </Stack>
    );
  }

  const problem = setup.error instanceof ApiError ? setup.error : undefined;
  return (
    <Stack align="center" py={{ base: 'md', sm: 'xl' }}>
      <Paper component="section" w="100%" maw={640} p={{ base: 'lg', sm: 'xl' }} radius="lg" withBorder>
        <form onSubmit={submit} noValidate aria-labelledby="setup-title">
          <Stack gap="lg">
            <Stack gap="xs">
              <Title order={1} id="setup-title" size="h2">
                {t('setup.title')}
              </Title>
              <Text>{t('setup.intro')}</Text>
            </Stack>
            {setup.isError && (
              <Alert color="red" variant="light" role="alert" title={t('setup.errorTitle')}>
                {problem?.status === 403
                  ? t('setup.errorWrongCode')
                  : problem?.status === 409
                    ? t('setup.errorAlreadySetUp')
                    : t(requestErrorKey(setup.error))}
              </Alert>
            )}
            <Fieldset legend={t('setup.clinicLegend')} variant="filled" radius="md">
              <Stack gap="sm">
                <TextInput
                  label={t('setup.clinicName')}
                  required
                  autoComplete="organization"
                  value={form.clinicName}
                  onChange={(e) => set('clinicName')(e.currentTarget.value)}
                  error={errors.clinicName}
                />
                <TextInput
                  label={t('setup.privacyEmail')}
                  description={t('setup.privacyEmailDescription')}
                  type="email"
                  inputMode="email"
                  required
                  value={form.privacyEmail}
                  onChange={(e) => set('privacyEmail')(e.currentTarget.value)}
                  error={errors.privacyEmail}
                />
                <TimeZoneSelect value={form.timeZone} onChange={set('timeZone')} error={errors.timeZone} />
                <Text size="sm" c="dimmed">
                  {ti('clinicDetails.setupHint')}
                </Text>
                <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                  {CONTACT_FIELDS.map((field) => (
                    <TextInput
                      key={field}
                      label={ti(`clinicDetails.${field}`)}
                      description={ti(`clinicDetails.${field}Hint`)}
                      autoComplete={
                        {
                          street: 'address-line1',
                          houseNumber: 'off',
                          postcode: 'postal-code',
                          city: 'address-level2',
                          phone: 'tel',
                          website: 'url',
                        }[field]
                      }
                      value={form[field]}
                      onChange={(e) => set(field)(e.currentTarget.value)}
                      error={errors[field]}
                    />
                  ))}
                </SimpleGrid>
              </Stack>
            </Fieldset>
            <Fieldset legend={t('setup.ownerLegend')} variant="filled" radius="md">
              <Stack gap="sm">
                <TextInput
                  label={t('setup.ownerName')}
                  required
                  autoComplete="name"
                  value={form.ownerName}
                  onChange={(e) => set('ownerName')(e.currentTarget.value)}
                  error={errors.ownerName}
                />
                <TextInput
                  label={t('setup.ownerEmail')}
                  type="email"
                  inputMode="email"
                  autoComplete="username"
                  required
                  value={form.ownerEmail}
                  onChange={(e) => set('ownerEmail')(e.currentTarget.value)}
                  error={errors.ownerEmail}
                />
                <PasswordInput
                  label={t('setup.password')}
                  description={t('passwordRules.description')}
                  autoComplete="new-password"
                  visibilityToggleButtonProps={{ 'aria-label': t('signIn.showPassword') }}
                  required
                  value={form.password}
                  onChange={(e) => set('password')(e.currentTarget.value)}
                  error={errors.password}
                />
                <PasswordInput
                  label={t('setup.repeatPassword')}
                  autoComplete="new-password"
                  visibilityToggleButtonProps={{ 'aria-label': t('signIn.showPassword') }}
                  required
                  value={form.repeat}
                  onChange={(e) => set('repeat')(e.currentTarget.value)}
                  error={errors.repeat}
                />
              </Stack>
            </Fieldset>
            <Button type="submit" loading={setup.isPending} w={{ base: '100%', sm: 'fit-content' }}>
              {t('setup.submit')}
            </Button>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
