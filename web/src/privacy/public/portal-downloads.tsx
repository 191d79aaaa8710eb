import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { requestErrorKey } from '../../shared/request-error';
import { postForBlob, saveBlob } from '../download';
import { ExportProgressNote, newProgressId, portalExportProgress } from '../export-progress';
import { usePrivacyText } from '../privacy-text';
import { linkExpired } from './portal-overview';

type Kind = 'zip' | 'pdf';

/**
 * A copy of everything held: a zip (data.json and the photos) or a readable PDF. A big dossier takes
 * seconds to put together: meanwhile the page shows how far it is (photos packed of total).
 */
export function PortalDownloads({ token, onExpired }: { token: string; onExpired: () => void }) {
  const { t } = useTranslation();
  const tp = usePrivacyText();
  const poll = useMemo(() => portalExportProgress(token), [token]);
  const download = useMutation({
    mutationFn: async ({ kind, progressId }: { kind: Kind; progressId: string }) => ({
      kind,
      blob: await postForBlob(`/api/public/privacy-portal/export.${kind}`, { token, progressId }),
    }),
    onSuccess: ({ kind, blob }) => saveBlob(blob, `${tp('portal.downloadFileName')}.${kind}`),
    onError: (error) => {
      if (linkExpired(error)) onExpired();
    },
  });
  return (
    <Stack gap="sm">
      <Text>{tp('portal.downloadsIntro')}</Text>
      {download.isError && (
        <Alert color="red" variant="light" role="alert">
          {t(requestErrorKey(download.error))}
        </Alert>
      )}
      <Group gap="sm">
        <Button
          loading={download.isPending && download.variables?.kind === 'zip'}
          disabled={download.isPending}
          onClick={() => download.mutate({ kind: 'zip', progressId: newProgressId() })}
        >
          {tp('portal.downloadZip')}
        </Button>
        <Button
          variant="light"
          loading={download.isPending && download.variables?.kind === 'pdf'}
          disabled={download.isPending}
          onClick={() => download.mutate({ kind: 'pdf', progressId: newProgressId() })}
        >
          {tp('portal.downloadPdf')}
        </Button>
      </Group>
      <ExportProgressNote
        progressId={download.isPending ? (download.variables?.progressId ?? null) : null}
        poll={poll}
        intro={tp('portal.preparing')}
      />
    </Stack>
  );
}
