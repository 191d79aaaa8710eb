import { Alert, Anchor, Button, Code, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useClinicName } from '../../public/clinic-name';
import { apiPost } from '../../shared/api';
import { useClinicProfile } from '../../shared/clinic-query';
import { fieldErrorText, namesAnyField } from '../../shared/field-errors';
import { requestErrorKey } from '../../shared/request-error';
import { usePrivacyText } from '../privacy-text';
import classes from './public-privacy.module.css';

const MIN_LENGTH = 10;
const MAX_LENGTH = 5000;

/** /privacy/report: anyone who suspects misuse of personal data tells the clinic (P10.2). */
export function IncidentReportPage() {
  const { t } = useTranslation();
  const tp = usePrivacyText();
  const clinic = useClinicName();
  const privacyEmail = useClinicProfile().data?.privacyEmail;
  useDocumentTitle(`${tp('report.title')} · ${clinic}`);
  const [description, setDescription] = useState('');
  const [contact, setContact] = useState('');
  const [website, setWebsite] = useState('');
  const [tooShort, setTooShort] = useState(false);
  const report = useMutation({
    mutationFn: () =>
      apiPost<{ reference: string }>('/api/public/incident-reports', {
        description: description.trim(),
        contact: contact.trim() || undefined,
        website,
      }),
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const short = description.trim().length < MIN_LENGTH;
    setTooShort(short);
    if (!short) report.mutate();
  }

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

  const fieldError = (field: string) => fieldErrorText(t, report.error, field);
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
        <form onSubmit={submit} noValidate>
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
              value={description}
              onChange={(e) => setDescription(e.currentTarget.value)}
              error={tooShort ? t('fieldError.tooShort', { min: MIN_LENGTH }) : fieldError('description')}
            />
            <TextInput
              label={tp('report.contact')}
              description={tp('report.contactHint')}
              autoComplete="email"
              maxLength={200}
              value={contact}
              onChange={(e) => setContact(e.currentTarget.value)}
              error={fieldError('contact')}
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
                value={website}
                onChange={(e) => setWebsite(e.currentTarget.value)}
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
