import { Alert, Button, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPost } from '../../shared/api';
import { fieldErrorText } from '../../shared/field-errors';
import { requestErrorKey } from '../../shared/request-error';
import { INCIDENTS_KEY } from '../privacy-queries';
import { usePrivacyText } from '../privacy-text';

/** Any staff member registers a suspected incident; the 72-hour clock starts at once (P10.2). */
export function ReportIncidentForm() {
  const { t } = useTranslation();
  const tp = usePrivacyText();
  const queryClient = useQueryClient();
  const [description, setDescription] = useState('');
  const [tooShort, setTooShort] = useState(false);
  const report = useMutation({
    mutationFn: () => apiPost<{ id: string }>('/api/incidents', { description: description.trim() }),
    onSuccess: async () => {
      setDescription('');
      await queryClient.invalidateQueries({ queryKey: INCIDENTS_KEY });
    },
  });
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const short = description.trim().length < 10;
    setTooShort(short);
    if (!short) report.mutate();
  }
  return (
    <Paper component="section" p="md" radius="lg" withBorder aria-labelledby="report-incident-title">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h4" id="report-incident-title">
            {tp('incidents.reportTitle')}
          </Title>
          <Text size="sm">{tp('incidents.reportIntro')}</Text>
          {report.isSuccess && (
            <Alert color="teal" variant="light" role="status">
              {tp('incidents.reported')}
            </Alert>
          )}
          {report.isError && !fieldErrorText(t, report.error, 'description') && (
            <Alert color="red" variant="light" role="alert">
              {t(requestErrorKey(report.error))}
            </Alert>
          )}
          <Textarea
            label={tp('incidents.description')}
            required
            autosize
            minRows={3}
            maxLength={5000}
            value={description}
            onChange={(e) => {
              setDescription(e.currentTarget.value);
              if (report.isSuccess) report.reset();
            }}
            error={
              tooShort
                ? t('fieldError.tooShort', { min: 10 })
                : fieldErrorText(t, report.error, 'description')
            }
          />
          <Button type="submit" w="fit-content" loading={report.isPending}>
            {tp('incidents.reportSubmit')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
