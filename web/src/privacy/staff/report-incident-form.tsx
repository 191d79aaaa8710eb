import { Alert, Button, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { apiPost } from '../../shared/api';
import type { ApiResponse } from '../../shared/api-types';
import { fieldErrorText } from '../../shared/field-errors';
import { useSchemaForm } from '../../shared/form';
import { requestErrorKey } from '../../shared/request-error';
import { privacyKeys } from '../privacy-queries';
import { usePrivacyText } from '../privacy-text';

const incidentSchema = z.object({
  description: z.string().trim().min(10, 'fieldError.tooShort?min=10').max(5000, 'fieldError.invalid'),
});

/** Any staff member registers a suspected incident; the 72-hour clock starts at once (P10.2). */
export function ReportIncidentForm() {
  const { t } = useTranslation();
  const tp = usePrivacyText();
  const queryClient = useQueryClient();
  const report = useMutation({
    mutationFn: (values: z.output<typeof incidentSchema>) =>
      apiPost<ApiResponse<'/api/incidents', 'post'>>('/api/incidents', values),
    onSuccess: async () => {
      form.reset();
      await queryClient.invalidateQueries({ queryKey: privacyKeys.incidents });
    },
  });
  const { form, field, onSubmit } = useSchemaForm(incidentSchema, { description: '' }, report.error);
  const description = field('description');
  return (
    <Paper component="section" p="md" radius="lg" withBorder aria-labelledby="report-incident-title">
      <form onSubmit={onSubmit((values) => report.mutate(values))} noValidate>
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
            {...description}
            onChange={(event) => {
              description.onChange(event);
              if (report.isSuccess) report.reset();
            }}
          />
          <Button type="submit" w="fit-content" loading={report.isPending}>
            {tp('incidents.reportSubmit')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
