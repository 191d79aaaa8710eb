import { Alert, Anchor, Button, Code, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { z } from 'zod';
import { useClinicName } from '../../public/clinic-name';
import { apiPost } from '../../shared/api';
import type { ApiResponse } from '../../shared/api-types';
import { useClinicProfile } from '../../shared/clinic-query';
import { namesAnyField } from '../../shared/field-errors';
import { optionalText, useSchemaForm } from '../../shared/form';
import { requestErrorKey } from '../../shared/request-error';
import { usePrivacyText } from '../privacy-text';
import classes from './public-privacy.module.css';

const MIN_LENGTH = 10;
const MAX_LENGTH = 5000;

const reportSchema = z.object({
  description: z
    .string()
    .trim()
    .min(MIN_LENGTH, `fieldError.tooShort?min=${MIN_LENGTH}`)
    .max(MAX_LENGTH, 'fieldError.invalid'),
  contact: optionalText(200),
  // The trap for robots: sent as typed.
  website: z.string(),
});

/** /privacy/report: anyone who suspects misuse of personal data tells the clinic (P10.2). */
export function IncidentReportPage() {
  const { t } = useTranslation();
  const tp = usePrivacyText();
  const clinic = useClinicName();
  const privacyEmail = useClinicProfile().data?.privacyEmail;
  useDocumentTitle(`${tp('report.title')} · ${clinic}`);
  const report = useMutation({
    mutationFn: ({ description, contact, website }: z.output<typeof reportSchema>) =>
      apiPost<ApiResponse<'/api/public/incident-reports', 'post'>>('/api/public/incident-reports', {
        description,
        contact: contact || undefined,
        website,
      }),
  });
  const { form, field, onSubmit } = useSchemaForm(
    reportSchema,
    { description: '', contact: '', website: '' },
    report.error,
  );

  if (report.isSuccess) {
    return (
      <Stack gap="md" className={classes.column} role="status">
        <Title order={1}>{tp('report.doneTitle')}</Title>
        <Text>{tp('report.doneText')}</Text>
        <Text>
          {tp('report.reference')} <Code data-testid="incident-reference">{report.data.reference}</Code>
        </Text>
        <Anchor component={Link} to="/privacy">
          {tp('report.backToStatement')}
        </Anchor>
      </Stack>
    );
  }

  return (
    <Stack gap="lg" className={classes.column}>
      <Stack gap="xs">
        <Title order={1}>{tp('report.title')}</Title>
        <Text>{tp('report.intro')}</Text>
        {privacyEmail && (
          <Text>
            {tp('report.byEmail')}{' '}
            <Anchor href={`mailto:${privacyEmail}`} data-testid="privacy-email">
              {privacyEmail}
            </Anchor>
          </Text>
        )}
      </Stack>
      <Paper p={{ base: 'md', sm: 'lg' }} radius="lg" className={classes.card}>
        <form onSubmit={onSubmit((values) => report.mutate(values))} noValidate>
          <Stack gap="md">
            {report.isError && !namesAnyField(report.error, ['description', 'contact']) && (
              <Alert color="red" variant="light" role="alert">
                {t(requestErrorKey(report.error))}
              </Alert>
            )}
            <Textarea
              label={tp('report.description')}
              description={tp('report.descriptionHint')}
              required
              autosize
              minRows={5}
              maxLength={MAX_LENGTH}
              {...field('description')}
            />
            <TextInput
              label={tp('report.contact')}
              description={tp('report.contactHint')}
              autoComplete="email"
              maxLength={200}
              {...field('contact')}
            />
            {/* Left empty by people; robots that fill in every field give themselves away. */}
            <div className={classes.trap} aria-hidden="true">
              <label htmlFor="report-website">{tp('report.trap')}</label>
              <input
                id="report-website"
                name="website"
                type="text"
                tabIndex={-1}
                autoComplete="off"
                value={form.values.website}
                onChange={(e) => form.setFieldValue('website', e.currentTarget.value)}
              />
            </div>
            <Text size="sm" c="dimmed">
              {tp('report.privacyNote')}
            </Text>
            <Button type="submit" loading={report.isPending} w={{ base: '100%', sm: 'fit-content' }}>
              {tp('report.submit')}
            </Button>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
