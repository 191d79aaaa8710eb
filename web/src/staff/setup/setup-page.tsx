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
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { z } from 'zod';
import { ApiError, apiPostSigningIn } from '../../shared/api';
import { isDutchPostcode, isPhoneNumber, isWebsite } from '../../shared/clinic-contact';
import { DEFAULT_TIME_ZONE } from '../../shared/clinic-query';
import {
  atLeast,
  emailAddress,
  filledText,
  optionalShaped,
  optionalText,
  REQUIRED,
  useSchemaForm,
  withRepeatedPassword,
} from '../../shared/form';
import { useHashValue } from '../../shared/location-hash';
import { requestErrorKey } from '../../shared/request-error';
import type { SignInLocationState } from '../sign-in/sign-in-page';
import { TimeZoneSelect } from './time-zone-select';

const MIN_PASSWORD = 12;

const shaped = (max: number, check: (value: string) => boolean, message: string) =>
  optionalShaped(max, check, `invoices:clinicDetails.${message}`);

const setupSchema = withRepeatedPassword(
  z.object({
    clinicName: filledText(200),
    privacyEmail: emailAddress,
    timeZone: z.string().min(1, REQUIRED),
    street: optionalText(100),
    houseNumber: optionalText(12),
    postcode: shaped(7, isDutchPostcode, 'notPostcode'),
    city: optionalText(80),
    phone: shaped(30, isPhoneNumber, 'notPhone'),
    website: shaped(200, isWebsite, 'notWebsite'),
    ownerName: filledText(200),
    ownerEmail: emailAddress,
    password: atLeast(MIN_PASSWORD),
    repeat: z.string(),
  }),
);
type SetupValues = z.output<typeof setupSchema>;

// The server names fields by their place in the request body.
const SERVER_FIELDS = {
  clinicName: 'clinic.name',
  privacyEmail: 'clinic.privacyEmail',
  timeZone: 'clinic.timeZone',
  street: 'clinic.street',
  houseNumber: 'clinic.houseNumber',
  postcode: 'clinic.postcode',
  city: 'clinic.city',
  phone: 'clinic.phone',
  website: 'clinic.website',
  ownerName: 'owner.name',
  ownerEmail: 'owner.email',
  password: 'owner.password',
} as const;

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
  const setup = useMutation({
    mutationFn: (values: SetupValues) =>
      apiPostSigningIn<{ ownerId: string }>('/api/setup', {
        setupCode,
        clinic: {
          name: values.clinicName,
          privacyEmail: values.privacyEmail,
          timeZone: values.timeZone,
          ...Object.fromEntries(
            CONTACT_FIELDS.filter((field) => values[field] !== '').map((field) => [field, values[field]]),
          ),
        },
        owner: { name: values.ownerName, email: values.ownerEmail, password: values.password },
      }),
    onSuccess: async (_result, values) => {
      await queryClient.invalidateQueries({ queryKey: ['setup'] });
      await queryClient.invalidateQueries({ queryKey: ['public', 'clinic'] });
      const state: SignInLocationState = { notice: 'set-up', email: values.ownerEmail };
      // flushSync: the address and the page change together. In a transition, the set-up form (with
      // the same "E-mailadres" and "Wachtwoord" fields) stayed on screen for a moment under the
      // sign-in address, and a password typed then was lost when the sign-in form appeared.
      await navigate('/app/login', { replace: true, state, flushSync: true });
    },
  });
  const { form, field, onSubmit } = useSchemaForm(
    setupSchema,
    {
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
    },
    setup.error,
  );
  /** An input's props; the server names the field by its place in the request body. */
  const input = (name: keyof typeof SERVER_FIELDS) => field(name, { apiField: SERVER_FIELDS[name] });

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
        <form onSubmit={onSubmit((values) => setup.mutate(values))} noValidate aria-labelledby="setup-title">
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
                  {...input('clinicName')}
                />
                <TextInput
                  label={t('setup.privacyEmail')}
                  description={t('setup.privacyEmailDescription')}
                  type="email"
                  inputMode="email"
                  required
                  {...input('privacyEmail')}
                />
                <TimeZoneSelect
                  value={form.getValues().timeZone}
                  onChange={(zone) => form.setFieldValue('timeZone', zone)}
                  error={input('timeZone').error}
                />
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
                      {...input(field)}
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
                  {...input('ownerName')}
                />
                <TextInput
                  label={t('setup.ownerEmail')}
                  type="email"
                  inputMode="email"
                  autoComplete="username"
                  required
                  {...input('ownerEmail')}
                />
                <PasswordInput
                  label={t('setup.password')}
                  description={t('passwordRules.description')}
                  autoComplete="new-password"
                  visibilityToggleButtonProps={{ 'aria-label': t('signIn.showPassword') }}
                  required
                  {...input('password')}
                />
                <PasswordInput
                  label={t('setup.repeatPassword')}
                  autoComplete="new-password"
                  visibilityToggleButtonProps={{ 'aria-label': t('signIn.showPassword') }}
                  required
                  {...field('repeat')}
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
