import { Divider, Paper, Stack, Title } from '@mantine/core';
import { useSignedInSession } from '../staff/session/session-query';
import { ClientConsentsView } from './client/client-consents';
import { ConsentForm } from './client/consent-form';
import { ErasureRequestPanel } from './client/erasure-request';
import { LegalHoldPanel } from './client/legal-hold';
import { PaperFilesPanel } from './client/paper-files';
import { usePrivacyText } from './privacy-text';
import type { ConsentLanguage } from './privacy-types';

/**
 * "Privacy" on the client's page: the consents on file and recording one at the desk or from an
 * e-mail (P1), paper files (P7.2), an erasure request (P9.2) and, for the owner, a legal hold.
 */
export function ClientPrivacySection({
  clientId,
  clientLanguage,
}: {
  clientId: string;
  clientLanguage: ConsentLanguage;
}) {
  const tp = usePrivacyText();
  const { staff } = useSignedInSession();
  return (
    <Paper
      component="section"
      p="md"
      radius="lg"
      withBorder
      aria-labelledby="privacy-title"
      data-testid="client-privacy"
    >
      <Stack gap="md">
        <Title order={2} size="h3" id="privacy-title">
          {tp('client.title')}
        </Title>
        <ClientConsentsView clientId={clientId} />
        <ConsentForm clientId={clientId} clientLanguage={clientLanguage} />
        <Divider />
        <PaperFilesPanel clientId={clientId} />
        <Divider />
        <ErasureRequestPanel clientId={clientId} isOwner={staff.role === 'owner'} />
        {staff.role === 'owner' && (
          <>
            <Divider />
            <LegalHoldPanel clientId={clientId} />
          </>
        )}
      </Stack>
    </Paper>
  );
}
