import { Loader } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiGetBlob } from '../../shared/api';

interface Props {
  clientId: string;
  photoId: string;
  size: 'thumb' | 'display';
  alt: string;
  className?: string;
}

/**
 * A photo fetched with the session (never a URL the browser could cache) and shown through an
 * object URL, revoked when the image goes away.
 */
export function PhotoImage({ clientId, photoId, size, alt, className }: Props) {
  const { t } = useTranslation();
  const [url, setUrl] = useState<string>();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const controller = new AbortController();
    let objectUrl: string | undefined;
    setUrl(undefined);
    setFailed(false);
    apiGetBlob(
      `/api/clients/${encodeURIComponent(clientId)}/photos/${encodeURIComponent(photoId)}/${size}`,
      controller.signal,
    )
      .then((blob) => {
        if (controller.signal.aborted) return;
        objectUrl = URL.createObjectURL(blob);
        setUrl(objectUrl);
      })
      .catch(() => {
        if (!controller.signal.aborted) setFailed(true);
      });
    return () => {
      controller.abort();
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [clientId, photoId, size]);
  if (failed) return <span className={className}>{t('photos.loadFailed')}</span>;
  if (!url) return <Loader size="sm" role="status" aria-label={t('common.loading')} />;
  return <img src={url} alt={alt} className={className} draggable={false} />;
}
