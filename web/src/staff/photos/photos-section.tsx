import {
  Alert,
  Button,
  FileButton,
  Group,
  Loader,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { ApiError, apiGet, apiPost, apiPostForm } from '../../shared/api';
import { useClinicTime } from '../../shared/clinic-time';
import { namesAnyField } from '../../shared/field-errors';
import { filledText, useSchemaForm } from '../../shared/form';
import { requestErrorKey } from '../../shared/request-error';
import { useDossier } from '../dossier/dossier-types';
import { PhotoComparison } from './photo-comparison';
import { PhotoImage } from './photo-image';
import classes from './photos.module.css';

type Moment = 'before' | 'after';

interface Photo {
  id: string;
  moment: Moment;
  width: number;
  height: number;
  takenAt: string;
}

interface PhotoSet {
  id: string;
  treatmentId: string | null;
  bodyArea: string;
  createdAt: string;
  photos: Photo[];
}

const newSetSchema = z.object({ bodyArea: filledText(100), treatmentId: z.string().nullable() });

const setsKey = (clientId: string) => ['clients', clientId, 'photo-sets'] as const;

/** Before/after photo sets on the client's page. */
export function PhotosSection({ clientId }: { clientId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [adding, setAdding] = useState(false);
  const time = useClinicTime();
  // The section shows only once the dossier could be read: use that answer (and its updates) rather
  // than reading the dossier again.
  const treatments = useDossier(clientId, false).data?.treatments ?? [];
  const treatmentLabel = (id: string | null) => {
    const found = treatments.find((treatment) => treatment.id === id);
    if (!found) return undefined;
    return `${found.treatmentTypeName ?? t('dossier.kindConsult')} · ${time.dateTime(found.performedAt)}`;
  };
  const sets = useQuery({
    queryKey: setsKey(clientId),
    queryFn: ({ signal }) =>
      apiGet<PhotoSet[]>(`/api/clients/${encodeURIComponent(clientId)}/photo-sets`, signal),
    retry: false,
  });
  const create = useMutation({
    mutationFn: (body: { bodyArea: string; treatmentId?: string }) =>
      apiPost<{ id: string }>(`/api/clients/${encodeURIComponent(clientId)}/photo-sets`, body),
    onSuccess: () => {
      setAdding(false);
      form.reset();
      void queryClient.invalidateQueries({ queryKey: setsKey(clientId) });
    },
  });
  const { form, field, onSubmit } = useSchemaForm(
    newSetSchema,
    { bodyArea: '', treatmentId: null },
    create.error,
  );
  const status = sets.error instanceof ApiError ? sets.error.status : undefined;
  if (status === 403 || status === 404) return null;

  return (
    <Paper component="section" p="md" radius="lg" withBorder aria-labelledby="photos-title">
      <Stack gap="md">
        <Group justify="space-between">
          <Title order={2} size="h3" id="photos-title">
            {t('photos.title')}
          </Title>
          {!adding && (
            <Button variant="light" onClick={() => setAdding(true)}>
              {t('photos.newSet')}
            </Button>
          )}
        </Group>
        {adding && (
          <form
            onSubmit={onSubmit(({ bodyArea, treatmentId }) =>
              create.mutate({ bodyArea, ...(treatmentId ? { treatmentId } : {}) }),
            )}
            noValidate
          >
            <Stack gap="sm">
              {create.isError && !namesAnyField(create.error, ['bodyArea', 'treatmentId']) && (
                <Alert color="red" variant="light" role="alert">
                  {t(requestErrorKey(create.error))}
                </Alert>
              )}
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                <TextInput
                  label={t('photos.bodyArea')}
                  description={t('photos.bodyAreaHint')}
                  required
                  maxLength={100}
                  {...field('bodyArea')}
                />
                <Select
                  label={t('photos.treatment')}
                  description={t('photos.treatmentHint')}
                  placeholder={t('photos.noTreatment')}
                  data={treatments.map((treatment) => ({
                    value: treatment.id,
                    label: treatmentLabel(treatment.id) ?? '',
                  }))}
                  clearable
                  clearButtonProps={{ 'aria-label': t('common.clear') }}
                  {...field('treatmentId')}
                />
              </SimpleGrid>
              <Group gap="xs">
                <Button type="submit" loading={create.isPending}>
                  {t('photos.createSet')}
                </Button>
                <Button variant="default" onClick={() => setAdding(false)}>
                  {t('common.cancel')}
                </Button>
              </Group>
            </Stack>
          </form>
        )}
        {sets.isPending ? (
          <Loader size="sm" role="status" aria-label={t('common.loading')} />
        ) : sets.isError ? (
          <Alert color="red" variant="light" role="alert">
            {t(requestErrorKey(sets.error))}
          </Alert>
        ) : sets.data.length === 0 ? (
          <Text c="dimmed">{t('photos.none')}</Text>
        ) : (
          sets.data.map((set) => (
            <PhotoSetCard
              key={set.id}
              clientId={clientId}
              set={set}
              treatment={set.treatmentId ? (treatmentLabel(set.treatmentId) ?? null) : undefined}
            />
          ))
        )}
      </Stack>
    </Paper>
  );
}

function PhotoSetCard({
  clientId,
  set,
  treatment,
}: {
  clientId: string;
  set: PhotoSet;
  /** The linked treatment's label; null when linked to one no longer in the dossier, undefined when none. */
  treatment: string | null | undefined;
}) {
  const { t } = useTranslation();
  const time = useClinicTime();
  const queryClient = useQueryClient();
  const [beforeId, setBeforeId] = useState<string>();
  const [afterId, setAfterId] = useState<string>();
  const upload = useMutation({
    mutationFn: ({ moment, files }: { moment: Moment; files: File[] }) => {
      const form = new FormData();
      for (const file of files) form.append(moment, file, file.name);
      return apiPostForm<{ ids: string[] }>(
        `/api/clients/${encodeURIComponent(clientId)}/photo-sets/${encodeURIComponent(set.id)}/photos`,
        form,
      );
    },
    onSettled: () => void queryClient.invalidateQueries({ queryKey: setsKey(clientId) }),
  });
  const titleId = `photo-set-${set.id}`;
  const before = set.photos.filter((photo) => photo.moment === 'before');
  const after = set.photos.filter((photo) => photo.moment === 'after');
  const selectedBefore = before.find((photo) => photo.id === beforeId);
  const selectedAfter = after.find((photo) => photo.id === afterId);

  const row = (
    moment: Moment,
    photos: Photo[],
    selected: string | undefined,
    select: (id: string) => void,
  ) => (
    <Stack gap={4}>
      <Group justify="space-between">
        <Text fw={600} size="sm">
          {moment === 'before' ? t('photos.before') : t('photos.after')} ({photos.length})
        </Text>
        <FileButton
          accept="image/jpeg,image/png"
          capture="environment"
          multiple
          onChange={(files) => files.length > 0 && upload.mutate({ moment, files })}
          inputProps={{ 'aria-label': moment === 'before' ? t('photos.addBefore') : t('photos.addAfter') }}
        >
          {(props) => (
            <Button
              {...props}
              variant="light"
              size="compact-sm"
              loading={upload.isPending && upload.variables?.moment === moment}
            >
              {moment === 'before' ? t('photos.addBefore') : t('photos.addAfter')}
            </Button>
          )}
        </FileButton>
      </Group>
      {photos.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('photos.noPhotos')}
        </Text>
      ) : (
        <ul className={classes.thumbs}>
          {photos.map((photo, index) => (
            <li key={photo.id}>
              <button
                type="button"
                className={classes.thumbButton}
                aria-pressed={selected === photo.id}
                aria-label={t(moment === 'before' ? 'photos.pickBefore' : 'photos.pickAfter', {
                  number: index + 1,
                  at: time.dateTime(photo.takenAt),
                })}
                onClick={() => select(photo.id)}
              >
                <PhotoImage
                  clientId={clientId}
                  photoId={photo.id}
                  size="thumb"
                  alt=""
                  className={classes.thumb}
                />
              </button>
            </li>
          ))}
        </ul>
      )}
    </Stack>
  );

  return (
    <Paper
      component="article"
      p="sm"
      radius="md"
      withBorder
      aria-labelledby={titleId}
      data-testid="photo-set"
    >
      <Stack gap="sm">
        <div>
          <Title order={3} size="h4" id={titleId}>
            {set.bodyArea}
          </Title>
          <Text size="sm" c="dimmed">
            {time.dateTime(set.createdAt)}
          </Text>
          <Text
            size="sm"
            c={treatment === undefined ? 'dimmed' : undefined}
            data-testid="photo-set-treatment"
          >
            {treatment === undefined
              ? t('photos.notLinked')
              : t('photos.linkedTo', { treatment: treatment ?? t('photos.unknownTreatment') })}
          </Text>
        </div>
        {row('before', before, beforeId, setBeforeId)}
        {row('after', after, afterId, setAfterId)}
        {upload.isError && (
          <Alert color="red" variant="light" role="alert">
            {upload.error instanceof ApiError && upload.error.status === 400
              ? t('photos.uploadInvalid')
              : t(requestErrorKey(upload.error))}
          </Alert>
        )}
        {before.length > 0 && after.length > 0 && !(selectedBefore && selectedAfter) && (
          <Text size="sm" c="dimmed">
            {t('photos.pickHint')}
          </Text>
        )}
        {selectedBefore && selectedAfter && (
          <PhotoComparison clientId={clientId} beforeId={selectedBefore.id} afterId={selectedAfter.id} />
        )}
      </Stack>
    </Paper>
  );
}
