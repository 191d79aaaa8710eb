import { Alert, Badge, Button, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClinicTime } from '../../shared/clinic-time';
import { requestErrorKey } from '../../shared/request-error';
import {
  type ClientPhotoSet,
  type UsableMarketingSet,
  useClientPhotoSets,
  useUsableMarketingSets,
} from '../marketing-queries';
import { useClientConsents } from '../privacy-queries';
import { usePrivacyText } from '../privacy-text';
import type { ConsentLanguage, ConsentState } from '../privacy-types';
import { MarketingConsentForm } from './marketing-consent-form';
import { MarketingPublicationForm } from './marketing-publication-form';
import { MarketingWithdrawal, TakedownNotice } from './marketing-withdrawal';

/**
 * Per photo set of the client: whether it may be used on the website or social media (P8.3),
 * recording that consent with its reason and channels, and withdrawing it.
 */
export function MarketingPhotosPanel({
  clientId,
  clientLanguage,
  isOwner,
}: {
  clientId: string;
  clientLanguage: ConsentLanguage;
  isOwner: boolean;
}) {
  const { t } = useTranslation();
  const tp = usePrivacyText();
  const sets = useClientPhotoSets(clientId, true);
  const consents = useClientConsents(clientId);
  const usable = useUsableMarketingSets(isOwner);
  const [withdrawnSets, setWithdrawnSets] = useState<string[]>([]);
  const error = sets.error ?? consents.error;
  return (
    <Stack gap="sm">
      <Title order={3} size="h4" id="marketing-title">
        {tp('marketing.title')}
      </Title>
      <Text size="sm">{tp('marketing.intro')}</Text>
      {(sets.isPending || consents.isPending) && !error && (
        <Loader size="sm" role="status" aria-label={t('common.loading')} />
      )}
      {error && (
        <Alert color="red" variant="light" role="alert">
          {t(requestErrorKey(error))}
        </Alert>
      )}
      {sets.data && sets.data.length === 0 && <Text c="dimmed">{tp('marketing.noSets')}</Text>}
      {sets.data && consents.data && sets.data.length > 0 && (
        <Stack component="ul" gap="xs" p={0} m={0} data-testid="marketing-sets">
          {sets.data.map((set) => (
            <MarketingSetItem
              key={set.id}
              clientId={clientId}
              clientLanguage={clientLanguage}
              set={set}
              consent={consents.data.current.find(
                (c) => c.scope === 'marketing_photos' && c.subject === set.id,
              )}
              terms={usable.data?.find((u) => u.photoSetId === set.id)}
              isOwner={isOwner}
              justWithdrawn={withdrawnSets.includes(set.id)}
              onWithdrawn={() => setWithdrawnSets((ids) => [...ids, set.id])}
            />
          ))}
        </Stack>
      )}
    </Stack>
  );
}

function MarketingSetItem({
  clientId,
  clientLanguage,
  set,
  consent,
  terms,
  isOwner,
  justWithdrawn,
  onWithdrawn,
}: {
  clientId: string;
  clientLanguage: ConsentLanguage;
  set: ClientPhotoSet;
  consent: ConsentState | undefined;
  terms: UsableMarketingSet | undefined;
  isOwner: boolean;
  justWithdrawn: boolean;
  onWithdrawn: () => void;
}) {
  const tp = usePrivacyText();
  const time = useClinicTime();
  const [recording, setRecording] = useState(false);
  const live = consent?.decision === 'granted';
  const titleId = `marketing-set-${set.id}`;
  const state = live ? 'live' : consent ? 'withdrawn' : 'none';
  return (
    <Paper
      component="li"
      p="sm"
      radius="md"
      withBorder
      data-testid="marketing-set"
      data-state={state}
      aria-labelledby={titleId}
    >
      <Stack gap="xs">
        <Group justify="space-between" gap="xs" wrap="wrap">
          <div>
            <Text fw={500} id={titleId}>
              {set.bodyArea}
            </Text>
            <Text size="sm" c="dimmed">
              {tp('marketing.setSummary', { count: set.photos.length, at: time.dateTime(set.createdAt) })}
            </Text>
          </div>
          <Badge
            color={live ? 'teal' : consent ? 'gray' : 'yellow'}
            variant="light"
            tt="none"
            data-testid="marketing-state"
          >
            {tp(`marketing.state.${state}`)}
          </Badge>
        </Group>
        {consent && (
          <Text size="sm" c="dimmed">
            {tp(live ? 'marketing.liveSince' : 'marketing.withdrawnSince', {
              at: time.dateTime(consent.since),
            })}
          </Text>
        )}
        {live && terms && (
          <Text size="sm" data-testid="marketing-terms">
            {tp('marketing.terms', {
              reason: tp(`marketing.reason.${terms.reason}`),
              channels: terms.channels.map((c) => tp(`marketing.channel.${c}`)).join(', '),
            })}
            {terms.reasonNote ? ` · ${terms.reasonNote}` : ''}
          </Text>
        )}
        {isOwner && live && terms && (
          <MarketingPublicationForm photoSetId={set.id} setName={set.bodyArea} channels={terms.channels} />
        )}
        {/* The owner sees what to take down whenever she opens a withdrawn set; others right after. */}
        {!live && consent && (justWithdrawn || isOwner) && (
          <TakedownNotice photoSetId={set.id} isOwner={isOwner} />
        )}
        {recording ? (
          <MarketingConsentForm
            clientId={clientId}
            clientLanguage={clientLanguage}
            set={set}
            onDone={() => setRecording(false)}
          />
        ) : live ? (
          <MarketingWithdrawal
            clientId={clientId}
            clientLanguage={clientLanguage}
            set={set}
            onWithdrawn={onWithdrawn}
          />
        ) : (
          <Button
            variant="light"
            w="fit-content"
            onClick={() => setRecording(true)}
            aria-label={tp('marketing.recordFor', { set: set.bodyArea })}
          >
            {tp('marketing.record')}
          </Button>
        )}
      </Stack>
    </Paper>
  );
}
