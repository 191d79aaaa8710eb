import { Alert, Button, Paper, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPost } from '../../shared/api';
import { fieldErrorText, namesAnyField } from '../../shared/field-errors';
import { requestErrorKey } from '../../shared/request-error';
import { useClinicDay } from '../dates';
import type { CorrectionFieldGroup, OwnCorrection } from '../privacy-types';
import { linkExpired, PORTAL_KEY } from './portal-overview';

const FIELD_GROUPS: CorrectionFieldGroup[] = ['contact', 'intake', 'treatment_report', 'other'];
const MAX = 2000;
const FIELDS = ['fieldGroup', 'wrong', 'shouldBe'];

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
  const [fieldGroup, setFieldGroup] = useState<CorrectionFieldGroup | null>(null);
  const [wrong, setWrong] = useState('');
  const [shouldBe, setShouldBe] = useState('');
  const [checked, setChecked] = useState(false);
  const request = useMutation({
    mutationFn: () =>
      apiPost<{ id: string; deadlineAt: string }>('/api/public/privacy-portal/correction-request', {
        token,
        fieldGroup,
        wrong: wrong.trim(),
        shouldBe: shouldBe.trim(),
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: PORTAL_KEY }),
    onError: (error) => {
      if (linkExpired(error) && !namesAnyField(error, FIELDS)) onExpired();
    },
  });
  const problems = {
    fieldGroup: fieldGroup === null,
    wrong: wrong.trim() === '',
    shouldBe: shouldBe.trim() === '',
  };
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setChecked(true);
    if (!problems.fieldGroup && !problems.wrong && !problems.shouldBe) request.mutate();
  }
  function again() {
    request.reset();
    setFieldGroup(null);
    setWrong('');
    setShouldBe('');
    setChecked(false);
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
        <form onSubmit={submit} noValidate data-testid="portal-correction-form">
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
              value={fieldGroup}
              onChange={(value) => setFieldGroup(FIELD_GROUPS.find((group) => group === value) ?? null)}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
              error={
                checked && problems.fieldGroup
                  ? t('fieldError.required')
                  : fieldErrorText(t, request.error, 'fieldGroup')
              }
            />
            <Textarea
              label={tc('portal.wrong')}
              description={tc('portal.wrongHint')}
              required
              autosize
              minRows={2}
              maxLength={MAX}
              value={wrong}
              onChange={(e) => setWrong(e.currentTarget.value)}
              error={
                checked && problems.wrong
                  ? t('fieldError.required')
                  : fieldErrorText(t, request.error, 'wrong')
              }
            />
            <Textarea
              label={tc('portal.shouldBe')}
              description={tc('portal.shouldBeHint')}
              required
              autosize
              minRows={2}
              maxLength={MAX}
              value={shouldBe}
              onChange={(e) => setShouldBe(e.currentTarget.value)}
              error={
                checked && problems.shouldBe
                  ? t('fieldError.required')
                  : fieldErrorText(t, request.error, 'shouldBe')
              }
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
