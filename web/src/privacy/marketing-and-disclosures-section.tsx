import { Divider, Paper, Stack, Text, Title } from '@mantine/core';
import type { Client } from '../staff/clients/client-types';
import { useSignedInSession } from '../staff/session/session-query';
import { DisclosuresPanel } from './client/disclosures';
import { MarketingOwnerTools } from './client/marketing-owner-tools';
import { MarketingPhotosPanel } from './client/marketing-photos';
import { usePrivacyText } from './privacy-text';

/**
 * "Photos for marketing and disclosures" on the client's page (P8.3, P8.2). Both are about medical
 * data, so they show only once the dossier could be read; reception never sees them. The owner's
 * marketing export and take-down list are for the whole clinic and show regardless.
 */
export function MarketingAndDisclosuresSection({
  client,
  medicalReadable,
}: {
  client: Pick<Client, 'id' | 'preferredLanguage'>;
  /** The dossier could be read: the actor treats this client (or has access another way). */
  medicalReadable: boolean;
}) {
  const tp = usePrivacyText();
  const { id: clientId, preferredLanguage: clientLanguage } = client;
  const { staff } = useSignedInSession();
  const isOwner = staff.role === 'owner';
  if (staff.role === 'reception' || (!medicalReadable && !isOwner)) return null;
  return (
    <Paper
      component="section"
      p="md"
      radius="lg"
      withBorder
      aria-labelledby="marketing-disclosures-title"
      data-testid="client-marketing-disclosures"
    >
      <Stack gap="md">
        <Title order={2} size="h3" id="marketing-disclosures-title">
          {tp('marketing.sectionTitle')}
        </Title>
        {medicalReadable ? (
          <>
            <MarketingPhotosPanel clientId={clientId} clientLanguage={clientLanguage} isOwner={isOwner} />
            <Divider />
            <DisclosuresPanel clientId={clientId} clientLanguage={clientLanguage} />
          </>
        ) : (
          <Text size="sm">{tp('marketing.openDossierFirst')}</Text>
        )}
        {isOwner && (
          <>
            <Divider />
            <MarketingOwnerTools />
          </>
        )}
      </Stack>
    </Paper>
  );
}
