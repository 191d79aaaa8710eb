import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { requestErrorKey } from '../../shared/request-error';
import { postForBlob, saveBlob } from '../download';
import { usePrivacyText } from '../privacy-text';
import { linkExpired } from './portal-overview';

type Kind = 'zip' | 'pdf';

/** A copy of everything held: a zip (data.json and the photos) or a readable PDF. */
export function PortalDownloads({ token, onExpired }: { token: string; onExpired: () => void }) {
  const { t } = useTranslation();
  const tp = usePrivacyText();
  const download = useMutation({
    mutationFn: async (kind: Kind) => ({
      kind,
      blob: await postForBlob(`/api/public/privacy-portal/export.${kind}`, { token }),
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
          loading={download.isPending && download.variables === 'zip'}
          disabled={download.isPending}
          onClick={() => download.mutate('zip')}
        >
          {tp('portal.downloadZip')}
        </Button>
        <Button
          variant="light"
          loading={download.isPending && download.variables === 'pdf'}
          disabled={download.isPending}
          onClick={() => download.mutate('pdf')}
        >
          {tp('portal.downloadPdf')}
        </Button>
      </Group>
    </Stack>
  );
}
