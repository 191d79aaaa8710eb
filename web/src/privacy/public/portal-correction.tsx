import { Alert, Button, Paper, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { apiPost } from '../../shared/api';
import type { ApiResponse } from '../../shared/api-types';
import { namesAnyField } from '../../shared/field-errors';
import { filledText, requiredChoice, useSchemaForm } from '../../shared/form';
import { requestErrorKey } from '../../shared/request-error';
import { useClinicDay } from '../dates';
import type { CorrectionFieldGroup, OwnCorrection } from '../privacy-types';
import { linkExpired, PORTAL_KEY } from './portal-overview';

const FIELD_GROUPS = [
  'contact',
  'intake',
  'treatment_report',
  'other',
] as const satisfies readonly CorrectionFieldGroup[];
const MAX = 2000;
const FIELDS = ['fieldGroup', 'wrong', 'shouldBe'];

const correctionSchema = z.object({
  fieldGroup: requiredChoice(FIELD_GROUPS),
  wrong: filledText(MAX),
  shouldBe: filledText(MAX),
});
const EMPTY: z.input<typeof correctionSchema> = { fieldGroup: null, wrong: '', shouldBe: '' };

/** "Gegevens laten corrigeren" (GDPR art. 16): what is wrong and what it should be; answered within a month. */
export function PortalCorrection({
  token,
  corrections,
  onExpired,
}: {
  token: string;
  corrections: OwnCorrection[];
  onExpired: () => void;
}) {
  const { t } = useTranslation();
  const { t: tc } = useTranslation('correction');
  const day = useClinicDay();
  const queryClient = useQueryClient();
  const request = useMutation({
    mutationFn: (values: z.output<typeof correctionSchema>) =>
      apiPost<ApiResponse<'/api/public/privacy-portal/correction-request', 'post'>>(
        '/api/public/privacy-portal/correction-request',
        { token, ...values },
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: PORTAL_KEY }),
    onError: (error) => {
      if (linkExpired(error) && !namesAnyField(error, FIELDS)) onExpired();
    },
  });
  const { form, field, onSubmit } = useSchemaForm(correctionSchema, EMPTY, request.error);
  function again() {
    request.reset();
    form.reset();
  }
  return (
    <Stack gap="md">
      {request.isSuccess ? (
        <Alert color="teal" variant="light" role="status" title={tc('portal.doneTitle')}>
          <Stack gap="xs">
            <Text size="sm">{tc('portal.done', { date: day(request.data.deadlineAt) })}</Text>
            <Button variant="subtle" size="compact-sm" w="fit-content" onClick={again}>
              {tc('portal.submit')}
            </Button>
          </Stack>
        </Alert>
      ) : (
        <form
          onSubmit={onSubmit((values) => request.mutate(values))}
          noValidate
          data-testid="portal-correction-form"
        >
          <Stack gap="sm">
            <Text>{tc('portal.intro')}</Text>
            {request.isError && !namesAnyField(request.error, FIELDS) && (
              <Alert color="red" variant="light" role="alert">
                {t(requestErrorKey(request.error))}
              </Alert>
            )}
            <Select
              label={tc('portal.fieldGroup')}
              required
              data={FIELD_GROUPS.map((group) => ({ value: group, label: tc(`portal.fieldGroups.${group}`) }))}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
              {...field('fieldGroup')}
            />
            <Textarea
              label={tc('portal.wrong')}
              description={tc('portal.wrongHint')}
              required
              autosize
              minRows={2}
              maxLength={MAX}
              {...field('wrong')}
            />
            <Textarea
              label={tc('portal.shouldBe')}
              description={tc('portal.shouldBeHint')}
              required
              autosize
              minRows={2}
              maxLength={MAX}
              {...field('shouldBe')}
            />
            <Text size="xs" c="dimmed">
              {tc('portal.tooLong', { max: MAX })}
            </Text>
            <Button
              type="submit"
              variant="light"
              w={{ base: '100%', sm: 'fit-content' }}
              loading={request.isPending}
            >
              {tc('portal.submit')}
            </Button>
          </Stack>
        </form>
      )}
      {corrections.length > 0 && (
        <Stack gap="xs" data-testid="portal-corrections">
          <Title order={3} size="h4">
            {tc('portal.yours')}
          </Title>
          {corrections.map((correction) => (
            <Paper key={correction.id} withBorder radius="md" p="sm">
              <Stack gap={2}>
                <Text size="sm" fw={600}>
                  {tc(`portal.fieldGroups.${correction.fieldGroup}`)}
                </Text>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  {correction.wrong} → {correction.shouldBe}
                </Text>
                <Text size="sm" c="dimmed">
                  {tc('portal.received', { date: day(correction.receivedAt) })}
                </Text>
                <Text size="sm" data-testid="portal-correction-status">
                  {correction.outcome === null
                    ? tc('portal.open', { date: day(correction.deadlineAt) })
                    : tc(`portal.${correction.outcome}`, {
                        date: day(correction.handledAt ?? correction.receivedAt),
                      })}
                </Text>
                {correction.reason && (
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                    {tc('portal.reason', { reason: correction.reason })}
                  </Text>
                )}
              </Stack>
            </Paper>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
