import { Alert, Button, FileInput, Group, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { apiPost } from '../../shared/api';
import type { ApiBody, ApiResponse } from '../../shared/api-types';
import { useClinicTime } from '../../shared/clinic-time';
import { REQUIRED, useSchemaForm } from '../../shared/form';
import { isoToWallClock, wallClockToIso } from '../../shared/zoned-time';
import { dossierKeys } from './dossier-types';
import { fieldError, formErrorText } from './form-helpers';
import { parseEml } from './parse-eml';

const MAX_EML_CHARS = 2_000_000;

/** The e-mail as typed or read from the .eml: the text may stay empty when the .eml is kept. */
function emailSchema(timeZone: string) {
  return (
    z
      .object({
        from: z.string().trim().min(1, REQUIRED),
        subject: z.string().trim(),
        text: z.string().trim(),
        eml: z.string().nullable(),
        // A wall-clock time in the clinic's zone, sent as an instant.
        receivedAt: z.string().transform((value, context) => {
          const at = wallClockToIso(value, timeZone);
          if (at) return at;
          context.addIssue({ code: 'custom', message: 'fieldError.date' });
          return z.NEVER;
        }),
      })
      // Checked also while another field is wrong, so every missing field is marked at once.
      .refine((values) => values.text.trim() !== '' || Boolean(values.eml), {
        message: REQUIRED,
        path: ['text'],
        when: () => true,
      })
  );
}

/** An e-mail from the client, pasted or picked as an .eml file (kept whole in the dossier). */
export function EmailForm({ clientId, onDone }: { clientId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const time = useClinicTime();
  const queryClient = useQueryClient();
  // The picked file and what was wrong with it: the picker's own state, not a value sent.
  const [file, setFile] = useState<File | null>(null);
  const [fileProblem, setFileProblem] = useState<string>();
  const schema = useMemo(() => emailSchema(time.timeZone), [time.timeZone]);
  const record = useMutation({
    mutationFn: (body: ApiBody<'/api/clients/{clientId}/emails', 'post'>) =>
      apiPost<ApiResponse<'/api/clients/{clientId}/emails', 'post'>>(
        `/api/clients/${encodeURIComponent(clientId)}/emails`,
        body,
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: dossierKeys.dossier(clientId) });
      onDone();
    },
  });
  const { form, field, onSubmit } = useSchemaForm(
    schema,
    {
      from: '',
      subject: '',
      text: '',
      eml: null,
      receivedAt: isoToWallClock(new Date().toISOString(), time.timeZone),
    },
    record.error,
  );

  async function pick(picked: File | null) {
    setFile(picked);
    setFileProblem(undefined);
    form.setFieldValue('eml', null);
    if (!picked) return;
    const raw = await picked.text();
    if (raw.length > MAX_EML_CHARS) {
      setFileProblem(t('dossier.emlTooLarge'));
      return;
    }
    const parsed = parseEml(raw);
    if (!parsed.from && !parsed.subject && !parsed.date) {
      setFileProblem(t('dossier.emlUnreadable'));
      return;
    }
    form.setFieldValue('eml', raw);
    if (parsed.from) form.setFieldValue('from', parsed.from);
    if (parsed.subject !== undefined) form.setFieldValue('subject', parsed.subject);
    if (parsed.text !== undefined) form.setFieldValue('text', parsed.text);
    if (parsed.date) form.setFieldValue('receivedAt', isoToWallClock(parsed.date, time.timeZone));
  }

  const errorOf = fieldError(t, record.error);
  return (
    <form
      onSubmit={onSubmit((values) => {
        if (!fileProblem) record.mutate(values);
      })}
      noValidate
    >
      <Stack gap="sm">
        {record.isError && (
          <Alert color="red" variant="light" role="alert" title={t('dossier.saveFailed')}>
            {formErrorText(t, record.error)}
          </Alert>
        )}
        <Text size="sm">{t('dossier.emailIntro')}</Text>
        <FileInput
          label={t('dossier.emlFile')}
          description={t('dossier.emlFileDescription')}
          placeholder={t('dossier.emlFilePlaceholder')}
          accept=".eml,message/rfc822"
          value={file}
          onChange={(picked) => void pick(picked)}
          clearable
          clearButtonProps={{ 'aria-label': t('common.clear') }}
          error={fileProblem ?? errorOf('eml')}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label={t('dossier.emailFrom')}
            type="email"
            inputMode="email"
            autoComplete="off"
            required
            {...field('from')}
          />
          <TextInput
            type="datetime-local"
            label={t('dossier.receivedAt')}
            description={t('dossier.timeZone', { zone: time.timeZone })}
            required
            {...field('receivedAt')}
          />
        </SimpleGrid>
        <TextInput
          label={t('dossier.emailSubject')}
          autoComplete="off"
          maxLength={500}
          {...field('subject')}
        />
        <Textarea
          label={t('dossier.emailText')}
          required={!form.values.eml}
          autosize
          minRows={4}
          maxRows={16}
          {...field('text')}
        />
        <Group gap="sm">
          <Button type="submit" loading={record.isPending}>
            {t('dossier.saveEmail')}
          </Button>
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
