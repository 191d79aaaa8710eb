import { Alert, Button, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { apiPost } from '../../shared/api';
import type { ApiResponse } from '../../shared/api-types';
import { namesAnyField } from '../../shared/field-errors';
import { useSchemaForm } from '../../shared/form';
import { requestErrorKey } from '../../shared/request-error';
import { usePrivacyText } from '../privacy-text';
import { linkExpired } from './portal-overview';

/** At least three characters after trimming, at most `max` (as the server checks). */
const atLeastThree = (max: number) =>
  z.string().trim().min(3, 'fieldError.tooShort?min=3').max(max, 'fieldError.invalid');

const disclosureSchema = z.object({ recipient: atLeastThree(300), purpose: atLeastThree(500) });

/** A written request to send the file to someone, e.g. the client's doctor (P8.2): the only way out. */
export function PortalDisclosure({ token, onExpired }: { token: string; onExpired: () => void }) {
  const { t } = useTranslation();
  const tp = usePrivacyText();
  const request = useMutation({
    mutationFn: (values: z.output<typeof disclosureSchema>) =>
      apiPost<ApiResponse<'/api/public/privacy-portal/disclosure-request', 'post'>>(
        '/api/public/privacy-portal/disclosure-request',
        { token, ...values },
      ),
    onError: (error) => {
      if (linkExpired(error) && !namesAnyField(error, ['recipient', 'purpose'])) onExpired();
    },
  });
  const { field, onSubmit } = useSchemaForm(disclosureSchema, { recipient: '', purpose: '' }, request.error);
  if (request.isSuccess) {
    return (
      <Alert color="teal" variant="light" role="status" title={tp('portal.disclosureDoneTitle')}>
        {tp('portal.disclosureDone', { recipient: request.variables?.recipient ?? '' })}
      </Alert>
    );
  }
  return (
    <form onSubmit={onSubmit((values) => request.mutate(values))} noValidate>
      <Stack gap="sm">
        <Text>{tp('portal.disclosureIntro')}</Text>
        {request.isError && !namesAnyField(request.error, ['recipient', 'purpose']) && (
          <Alert color="red" variant="light" role="alert">
            {t(requestErrorKey(request.error))}
          </Alert>
        )}
        <TextInput
          label={tp('portal.disclosureRecipient')}
          description={tp('portal.disclosureRecipientHint')}
          required
          maxLength={300}
          {...field('recipient')}
        />
        <Textarea
          label={tp('portal.disclosurePurpose')}
          description={tp('portal.disclosurePurposeHint')}
          required
          autosize
          minRows={2}
          maxLength={500}
          {...field('purpose')}
        />
        <Button type="submit" variant="light" w="fit-content" loading={request.isPending}>
          {tp('portal.disclosureSubmit')}
        </Button>
      </Stack>
    </form>
  );
}
